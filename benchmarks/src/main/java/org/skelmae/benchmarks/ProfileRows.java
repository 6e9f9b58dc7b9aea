package org.skelmae.benchmarks;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.skelmae.model.ModelGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link OpProfileListener}'s op instances into {@link ProfileCase.Row}s: forward ops keyed by
 * their own type and shapes, backward ops also by the forward op they belong to, each with the category
 * of that forward op (the layer it implements), which is what the tables and the PyTorch comparison
 * group by.
 */
final class ProfileRows {

    /** Ops that only move or view data. */
    private static final Set<String> LAYOUT = Set.of("reshape", "permute", "transpose", "concat", "split", "identity",
            "expand_dims", "squeeze", "shape_of", "tile", "stack", "unstack", "strided_slice", "slice", "create_view");
    private static final Set<String> ELEMENTWISE = Set.of("add", "subtract", "multiply", "divide", "pow", "exp", "log",
            "sqrt", "rsqrt", "square", "squaredsubtract", "clipbyvalue", "zeroslike", "oneslike", "neg", "abs", "assign",
            "cast", "maximum", "minimum", "stop_gradient", "StopGradient");
    private static final Set<String> REDUCTION = Set.of("reduce_mean", "reduce_sum", "reduce_max", "reduce_min",
            "reduce_norm2", "argmin", "argmax");

    /** What a row's instances share. */
    private record Key(String phase, String op, List<List<Long>> inputs, String owner, List<List<Long>> ownerInputs,
                       String category) {
    }

    private ProfileRows() {
    }

    /** Rows of the recorded steps, in order of first execution. */
    static List<ProfileCase.Row> of(OpProfileListener listener, ModelGraph graph, int steps) {
        SameDiff sd = graph.sameDiff();
        Map<String, OpProfileListener.Slot> byName = new LinkedHashMap<>();
        listener.slots().forEach(s -> byName.put(s.name(), s));
        Map<Key, List<OpProfileListener.Slot>> groups = new LinkedHashMap<>();
        for (OpProfileListener.Slot s : listener.slots()) {
            int calls = 0;
            for (int i = 0; i < steps; i++) {
                calls += s.calls(i);
            }
            if (calls == 0) {
                continue;       // seen only in unrecorded steps
            }
            String owner = s.owner() == null ? "(unowned)" : sd.getOps().containsKey(s.owner())
                    ? sd.getOps().get(s.owner()).getOp().opName() : "(unknown)";
            OpProfileListener.Slot ownerSlot = s.owner() == null ? null : byName.get(s.owner());
            List<List<Long>> ownerInputs = ownerSlot == null ? List.of() : ownerSlot.inputs();
            String category = s.owner() == null ? "other" : category(sd, s.owner(), graph.opRoles());
            String phase = s.backward() ? "backward" : "forward";
            Key key = new Key(phase, s.type(), s.inputs(), owner, ownerInputs, category);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<ProfileCase.Row> rows = new ArrayList<>();
        groups.forEach((key, slots) -> {
            List<Double> ms = new ArrayList<>();
            List<Double> gap = new ArrayList<>();
            long calls = 0;
            for (int i = 0; i < steps; i++) {
                long n = 0;
                long g = 0;
                for (OpProfileListener.Slot s : slots) {
                    n += s.nanos(i);
                    g += s.gapNanos(i);
                    calls += s.calls(i);
                }
                ms.add(n / 1e6);
                gap.add(g / 1e6);
            }
            rows.add(new ProfileCase.Row(key.phase(), key.op(), key.inputs(), key.owner(), key.ownerInputs(), key.category(),
                    slots.size(), calls / (double) steps, median(ms), median(gap), ms, gap));
        });
        return rows;
    }

    /**
     * The layer a forward op implements: the {@code GraphBuilder} helper that created it if any, otherwise
     * a guess from the op type. A matrix product fed (through reshapes) by a one-hot op is a gather written
     * as a product, any other one in the graph is attention, since the linear layers come from a helper.
     */
    static String category(SameDiff sd, String opName, Map<String, String> roles) {
        String role = roles.get(opName);
        if (role != null) {
            return role.equals("onehot") ? "gather" : role;
        }
        SameDiffOp op = sd.getOps().get(opName);
        String type = op.getOp().opName();
        if (type.equals("matmul") || type.equals("mmul")) {
            return fedByOneHot(sd, op, roles, 4) ? "gather" : "attention";
        }
        if (type.equals("tanh")) {
            return "attention";
        }
        if (type.equals("conv2d")) {
            return "conv";
        }
        if (type.equals("leakyrelu")) {
            return "activation";
        }
        if (type.startsWith("softmax_cross_entropy") || type.equals("log_softmax")) {
            return "loss";
        }
        if (type.equals("onehot") || type.startsWith("gather") || type.startsWith("scatter")) {
            return "gather";
        }
        if (LAYOUT.contains(type)) {
            return "layout";
        }
        if (REDUCTION.contains(type)) {
            return "reduction";
        }
        if (ELEMENTWISE.contains(type) || type.endsWith("_scalar")) {
            return "elementwise";
        }
        return "other";
    }

    private static boolean fedByOneHot(SameDiff sd, SameDiffOp op, Map<String, String> roles, int depth) {
        if (depth == 0 || op.getInputsToOp() == null) {
            return false;
        }
        for (String in : op.getInputsToOp()) {
            DifferentialFunction producer = sd.getVariableOutputOp(in);
            if (producer == null) {
                continue;
            }
            String name = producer.getOwnName();
            if ("onehot".equals(roles.get(name)) || producer.opName().equals("onehot")) {
                return true;
            }
            SameDiffOp p = sd.getOps().get(name);
            if (p != null && LAYOUT.contains(producer.opName()) && fedByOneHot(sd, p, roles, depth - 1)) {
                return true;
            }
        }
        return false;
    }

    /** "[16,64,10,75]x[1,1,64,64]x[64]"; a scalar is "[]". */
    static String shapes(List<List<Long>> inputs) {
        List<String> parts = new ArrayList<>();
        for (List<Long> s : inputs) {
            parts.add(s.toString().replace(" ", ""));
        }
        return parts.isEmpty() ? "-" : String.join("x", parts);
    }

    static double median(List<Double> v) {
        return v.isEmpty() ? 0 : PerformanceBenchmark.median(v);
    }
}
