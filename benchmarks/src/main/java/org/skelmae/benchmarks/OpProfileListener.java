package org.skelmae.benchmarks;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times every op a SameDiff session executes, per op instance and per recorded step, for
 * {@link OpProfileBenchmark}.
 *
 * <p>Attach it to the <em>forward</em> SameDiff: a training step runs in the {@code "grad"} function, and
 * ND4J 1.0.0-M2.1 copies the forward instance's listeners onto it at every
 * {@code calculateGradientsAndOutputs}. The grad function holds a copy of every forward op under the same
 * name plus the backward ops, so an op is a backward op exactly when its name is not in the forward graph.
 *
 * <p>What is timed: {@code preOpExecution} → {@code opExecution} brackets only the kernel call
 * ({@code Nd4j.exec}); ND4J resolves inputs, infers output shapes and allocates outputs before
 * {@code preOpExecution}, and tracks dependencies after {@code opExecution}. That work is the
 * <em>gap</em>: the time since the previous op ended (or since the session started), charged to the op
 * that follows it. {@code operationStart} → {@code operationEnd} brackets the whole session.
 *
 * <p>The steady-state cost per op is two {@code nanoTime} calls and one map lookup; input shapes are
 * read once per op instance, on its first execution, and no array is kept.
 */
public final class OpProfileListener extends BaseListener {

    /** One op instance of the executed graph, with its time in every recorded step. */
    public static final class Slot {
        private final String name;
        private final String type;
        private final boolean backward;
        private final String owner;
        private final List<List<Long>> inputs;
        private final long[] nanos;
        private final long[] gapNanos;
        private final int[] calls;

        Slot(String name, String type, boolean backward, String owner, List<List<Long>> inputs, int steps) {
            this.name = name;
            this.type = type;
            this.backward = backward;
            this.owner = owner;
            this.inputs = inputs;
            this.nanos = new long[steps];
            this.gapNanos = new long[steps];
            this.calls = new int[steps];
        }

        /** Instance name, e.g. {@code conv2d_12}. */
        public String name() {
            return name;
        }

        /** Op type, e.g. {@code conv2d_bp}. */
        public String type() {
            return type;
        }

        public boolean backward() {
            return backward;
        }

        /**
         * The forward op instance this op belongs to: itself for a forward op, the op it differentiates
         * for a backward op, null if the graph did not say (a test asserts that never happens).
         */
        public String owner() {
            return owner;
        }

        /** Shapes of the input arrays, as seen on the first execution. */
        public List<List<Long>> inputs() {
            return inputs;
        }

        /** Kernel nanoseconds in recorded step {@code step}. */
        public long nanos(int step) {
            return nanos[step];
        }

        /** Nanoseconds between the previous op's end and this op's start, in recorded step {@code step}. */
        public long gapNanos(int step) {
            return gapNanos[step];
        }

        public int calls(int step) {
            return calls[step];
        }
    }

    private final Set<String> forwardOps;
    private final Map<String, String> backwardOwners;
    private final int steps;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final long[] sessionNanos;
    private int step = -1;
    private long sessionStart;
    private long lastEnd;
    private long opStart;
    private long gap;
    private Slot current;

    /**
     * @param forwardOps     names of the forward graph's ops
     * @param backwardOwners backward op name to the forward op it differentiates
     *                       ({@code ModelGraph.backwardOwners()})
     * @param steps          how many steps can be recorded
     */
    public OpProfileListener(Set<String> forwardOps, Map<String, String> backwardOwners, int steps) {
        this.forwardOps = Set.copyOf(forwardOps);
        this.backwardOwners = Map.copyOf(backwardOwners);
        this.steps = steps;
        this.sessionNanos = new long[steps];
    }

    /**
     * Charges what follows to recorded step {@code step} (0-based, below the capacity), or records
     * nothing when {@code step} is -1: unrecorded steps still warm up this listener's code in the JIT.
     */
    public void record(int step) {
        if (step < -1 || step >= steps) {
            throw new IllegalArgumentException("step " + step + " outside -1.." + (steps - 1));
        }
        this.step = step;
    }

    /** Op instances in order of first execution. */
    public Collection<Slot> slots() {
        return Collections.unmodifiableCollection(slots.values());
    }

    /** Nanoseconds inside SameDiff sessions (operationStart → operationEnd) in recorded step {@code step}. */
    public long sessionNanos(int step) {
        return sessionNanos[step];
    }

    /** Sum of the kernel nanoseconds of all ops in recorded step {@code step}. */
    public long opNanos(int step) {
        long sum = 0;
        for (Slot s : slots.values()) {
            sum += s.nanos[step];
        }
        return sum;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING || operation == Operation.INFERENCE;
    }

    @Override
    public void operationStart(SameDiff sd, Operation op) {
        sessionStart = System.nanoTime();
        lastEnd = sessionStart;
    }

    @Override
    public void operationEnd(SameDiff sd, Operation op) {
        if (step >= 0) {
            sessionNanos[step] += System.nanoTime() - sessionStart;
        }
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        opStart = System.nanoTime();
        gap = opStart - lastEnd;
        Slot s = slots.get(op.getName());
        if (s == null) {
            s = newSlot(op, opContext);
            slots.put(op.getName(), s);
        }
        current = s;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        long now = System.nanoTime();
        if (step >= 0 && current != null) {
            current.nanos[step] += now - opStart;
            current.gapNanos[step] += gap;
            current.calls[step]++;
        }
        current = null;
        lastEnd = now;
    }

    private Slot newSlot(SameDiffOp op, OpContext ctx) {
        String name = op.getName();
        boolean backward = !forwardOps.contains(name);
        String owner = backward ? backwardOwners.get(name) : name;
        List<List<Long>> inputs = new ArrayList<>();
        if (ctx != null) {
            for (INDArray a : ctx.getInputArrays()) {
                List<Long> shape = new ArrayList<>();
                if (a != null) {
                    for (long d : a.shape()) {
                        shape.add(d);
                    }
                }
                inputs.add(List.copyOf(shape));
            }
        }
        return new Slot(name, op.getOp().opName(), backward, owner, List.copyOf(inputs), steps);
    }
}
