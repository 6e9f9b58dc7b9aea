package org.skelmae.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.model.ModelGraph;
import org.skelmae.run.NativeRuntime;
import org.skelmae.run.Provenance;
import org.skelmae.run.Threads;
import org.skelmae.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times skelmae's training and inference steps on a fixed batch of the synthetic 25-joint, 2-person data
 * (the NTU shapes) and prints a JMH-like table and JSON. Also measures this machine's single-precision
 * matrix-multiply peak in the same run, and exports each case's initial weights and batch so that the
 * PyTorch reference (benchmarks/reference/sttformer_torch.py) runs the identical computation. The cases
 * are built by {@link PreparedCase}, which {@link OpProfileBenchmark} shares.
 *
 * <pre>java ... org.skelmae.benchmarks.PerformanceBenchmark &lt;out dir&gt; &lt;batch&gt; &lt;iterations&gt; &lt;preset&gt;[,&lt;preset&gt;...] [modes]</pre>
 */
public final class PerformanceBenchmark {

    private static final int WARMUP = 3;

    private PerformanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/performance");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<String> presets = List.of((args.length > 3 ? args[3] : "cpu-mae").split(","));
        List<String> modes = List.of((args.length > 4 ? args[4] : "pretrain,finetune,inference").split(","));
        Files.createDirectories(out);
        applyThreads();
        double peak = sgemmPeak();
        Map<String, String> env = environment(peak);
        env.forEach((k, v) -> System.out.printf(Locale.ROOT, "# %-14s %s%n", k, v));
        List<PerformanceCase> cases = new ArrayList<>();
        for (String preset : presets) {
            for (String mode : modes) {
                PerformanceCase c = run(preset, mode, batch, iterations, peak, out);
                cases.add(c);
                System.out.println(row(c));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("environment", env);
        doc.put("cases", cases);
        Json.write(out.resolve("skelmae-performance.json"), doc);
        System.out.println("# results: " + out.resolve("skelmae-performance.json"));
    }

    static String row(PerformanceCase c) {
        return String.format(Locale.ROOT, "%-12s %-10s batch %-4s %9.1f ms  [min %8.1f, max %8.1f]  %8.1f samples/s  %7.1f GFLOP/s  %5.1f%% of peak",
                c.params().get("preset"), c.benchmark(), c.params().get("batch"), c.score(), c.min(), c.max(),
                c.secondary().get("samplesPerSecond"), c.secondary().get("gflops"), 100 * c.secondary().get("peakShare"));
    }

    /**
     * The thread settings of a training run ({@link Threads#apply}); {@code -Dskelmae.blasThreads=N} then
     * sets another count of threads per BLAS call, to time the alternatives.
     */
    static void applyThreads() {
        Threads.apply(Threads.defaultCount());
        String blas = System.getProperty("skelmae.blasThreads");
        if (blas != null) {
            Threads.applyBlas(Integer.parseInt(blas.trim()));
        }
    }

    /** Best of several 2048² float matrix products, in GFLOP/s. */
    static double sgemmPeak() {
        int n = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double best = 0;
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 2.0 * n * n * n / s / 1e9);
        }
        return best;
    }

    static Map<String, String> environment(double peak) {
        Map<String, String> env = environment();
        env.put("sgemmPeak", String.format(Locale.ROOT, "%.1f GFLOP/s", peak));
        return env;
    }

    /** JVM, OS, CPU count, ND4J backend and native variant, ND4J's thread count. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("jvm", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("nd4j", "1.0.0-M2.1 " + Nd4j.getBackend().getClass().getSimpleName() + " " + Provenance.detectNativeVariant());
        env.put("threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        env.putAll(NativeRuntime.describe());
        return env;
    }

    static PerformanceCase run(String preset, String mode, int batch, int iterations, double peak, Path out) throws Exception {
        PreparedCase c = PreparedCase.prepare(preset, mode, batch, out);
        for (int i = 0; i < WARMUP; i++) {
            c.step();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            c.step();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double median = median(ms);
        double flops = c.flops();
        ModelGraph graph = c.graph();
        Map<String, Double> sec = new LinkedHashMap<>();
        sec.put("gflopPerIteration", flops / 1e9);
        sec.put("gflops", flops / 1e9 / (median / 1000));
        sec.put("peakShare", flops / 1e9 / (median / 1000) / peak);
        sec.put("samplesPerSecond", batch / (median / 1000));
        sec.put("activationBytes", (double) graph.pool().ownedBytes());
        sec.put("heapUsedBytes", (double) (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
        sec.put("peakResidentBytes", (double) peakResident());
        org.nd4j.autodiff.samediff.SameDiff grad = graph.sameDiff().getFunction("grad");
        sec.put("forwardOps", (double) graph.sameDiff().getOps().size());
        sec.put("backwardOps", grad == null ? 0.0 : (double) grad.getOps().size());
        c.close();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("preset", preset);
        params.put("batch", Integer.toString(batch));
        params.put("threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        return new PerformanceCase(mode, params, median, ms.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ms.stream().mapToDouble(Double::doubleValue).max().orElse(0), ms, sec);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static long peakResident() {
        return processStatusBytes("VmHWM:");
    }

    /** A memory field of /proc/self/status (e.g. {@code VmRSS:}) in bytes, or -1 where there is none. */
    static long processStatusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
