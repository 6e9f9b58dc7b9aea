package org.skelmae.benchmarks;

import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.Network;
import org.skelmae.util.Json;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time per op type and input shapes, forward and backward, of one training (or inference) step per
 * preset and mode: the profile that decides which change to make next. The cases are the ones
 * {@link PerformanceBenchmark} times (same {@link PreparedCase}), and the same weights and batch are
 * exported for benchmarks/reference/profile_torch.py, whose profile benchmarks/reference/profile.sh
 * prints beside this one.
 *
 * <pre>java ... org.skelmae.benchmarks.OpProfileBenchmark &lt;out dir&gt; &lt;batch&gt; &lt;recorded steps&gt; &lt;preset&gt;[,&lt;preset&gt;...] [modes]</pre>
 *
 * <p>Protocol per case: {@value #WARMUP} warm-up steps, as many baseline steps as recorded ones without the
 * profiler, then {@link OpProfileListener} attached for {@value #UNRECORDED} unrecorded and the recorded
 * steps. Writes {@code profile-<preset>-<mode>.md} per case and {@code skelmae-profile.json}.
 */
public final class OpProfileBenchmark {

    static final int WARMUP = 3;
    static final int UNRECORDED = 2;

    private OpProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/profile");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> presets = List.of((args.length > 3 ? args[3] : "cpu-mae").split(","));
        List<String> modes = List.of((args.length > 4 ? args[4] : "pretrain,finetune,inference").split(","));
        Files.createDirectories(out);
        PerformanceBenchmark.applyThreads();
        Map<String, String> env = environment();
        env.forEach((k, v) -> System.out.printf(Locale.ROOT, "# %-22s %s%n", k, v));
        List<ProfileCase> cases = new ArrayList<>();
        for (String preset : presets) {
            for (String mode : modes) {
                ProfileCase c;
                try (PreparedCase p = PreparedCase.prepare(preset, mode, batch, out)) {
                    c = profile(p, WARMUP, steps, UNRECORDED, steps);
                }
                cases.add(c);
                String md = ProfileTables.markdown(c);
                Files.writeString(out.resolve("profile-" + preset + "-" + mode + ".md"), md);
                System.out.println(md);
            }
        }
        Json.write(out.resolve("skelmae-profile.json"), new ProfileCase.Report(env, cases));
        System.out.println("# results: " + out.resolve("skelmae-profile.json"));
    }

    /** {@link PerformanceBenchmark#environment()} (threads and allocator included) plus oneDNN's verbosity. */
    static Map<String, String> environment() {
        Map<String, String> env = PerformanceBenchmark.environment();
        env.put("DNNL_VERBOSE", System.getenv().getOrDefault("DNNL_VERBOSE", "(unset)"));
        return env;
    }

    /**
     * Profiles a prepared case.
     *
     * @param warmup   steps run first without the profiler (JIT, oneDNN primitive cache, buffer pool)
     * @param baseline steps timed without the profiler, for its overhead (0: overhead not measured)
     * @param unrecorded steps run with the profiler attached but not recorded (its own warm-up)
     * @param steps    recorded steps
     */
    static ProfileCase profile(PreparedCase c, int warmup, int baseline, int unrecorded, int steps) {
        for (int i = 0; i < warmup; i++) {
            c.step();
        }
        List<Double> baselineMs = new ArrayList<>();
        for (int i = 0; i < baseline; i++) {
            long t0 = System.nanoTime();
            c.step();
            baselineMs.add((System.nanoTime() - t0) / 1e6);
        }
        ModelGraph graph = c.graph();
        SameDiff sd = graph.sameDiff();
        OpProfileListener listener = new OpProfileListener(sd.getOps().keySet(), graph.backwardOwners(), steps);
        List<Listener> before = new ArrayList<>(sd.getListeners());
        List<Listener> with = new ArrayList<>(before);
        with.add(listener);
        sd.setListeners(with);
        List<ProfileCase.StepParts> parts = new ArrayList<>();
        try {
            for (int i = 0; i < unrecorded; i++) {
                timedStep(c, listener, -1);
            }
            for (int i = 0; i < steps; i++) {
                parts.add(timedStep(c, listener, i));
            }
        } finally {
            listener.record(-1);
            sd.setListeners(before);
        }
        List<ProfileCase.Row> rows = ProfileRows.of(listener, graph, steps);
        return result(c, parts, baselineMs, rows, warmup);
    }

    /** One step with its parts timed apart; {@code step} -1 for an unrecorded one. */
    private static ProfileCase.StepParts timedStep(PreparedCase c, OpProfileListener listener, int step) {
        listener.record(step);
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        Network.Step s = c.runGraph();
        long t1 = System.nanoTime();
        c.runOptimizer(s);
        long t2 = System.nanoTime();
        s.close();
        long t3 = System.nanoTime();
        long gc = gcMillis() - gc0;
        listener.record(-1);
        if (step < 0) {
            return null;
        }
        return new ProfileCase.StepParts((t3 - t0) / 1e6, ((t1 - t0) + (t3 - t2)) / 1e6, listener.sessionNanos(step) / 1e6,
                listener.opNanos(step) / 1e6, (t2 - t1) / 1e6, gc);
    }

    private static ProfileCase result(PreparedCase c, List<ProfileCase.StepParts> parts, List<Double> baselineMs,
                                      List<ProfileCase.Row> rows, int warmup) {
        List<Double> stepMs = parts.stream().map(ProfileCase.StepParts::stepMs).toList();
        double median = ProfileRows.median(stepMs);
        double baseline = ProfileRows.median(baselineMs);
        Map<String, Double> sec = new LinkedHashMap<>();
        if (!baselineMs.isEmpty()) {
            sec.put("baselineMs", baseline);
            sec.put("listenerOverheadPct", 100 * (median - baseline) / baseline);
        }
        sec.put("opsMs", ProfileRows.median(parts.stream().map(ProfileCase.StepParts::opsMs).toList()));
        sec.put("interpreterMs", ProfileRows.median(parts.stream().map(p -> p.sessionMs() - p.opsMs()).toList()));
        sec.put("epilogueMs", ProfileRows.median(parts.stream().map(p -> p.graphMs() - p.sessionMs()).toList()));
        sec.put("optimizerMs", ProfileRows.median(parts.stream().map(ProfileCase.StepParts::optimizerMs).toList()));
        sec.put("gcMs", ProfileRows.median(parts.stream().map(ProfileCase.StepParts::gcMs).toList()));
        sec.put("executedForwardOps", rows.stream().filter(r -> r.phase().equals("forward")).mapToDouble(ProfileCase.Row::calls).sum());
        sec.put("executedBackwardOps", rows.stream().filter(r -> r.phase().equals("backward")).mapToDouble(ProfileCase.Row::calls).sum());
        SameDiff grad = c.graph().sameDiff().getFunction("grad");
        sec.put("graphForwardOps", (double) c.graph().sameDiff().getOps().size());
        sec.put("gradFunctionOps", grad == null ? 0.0 : (double) grad.getOps().size());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("preset", c.preset());
        params.put("batch", Integer.toString(c.batch()));
        params.put("threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        params.put("steps", Integer.toString(parts.size()));
        params.put("warmup", Integer.toString(warmup));
        return new ProfileCase("profile:" + c.mode(), params, median, "ms/step", stepMs, sec, parts, rows);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }
}
