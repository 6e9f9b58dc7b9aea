package org.skelmae.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.CostModel;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.run.Provenance;
import org.skelmae.training.Adam;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingStep;
import org.skelmae.util.Json;
import org.skelmae.data.npz.NpzArrays;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times skelmae's training and inference steps on a fixed batch of the synthetic 25-joint, 2-person data
 * (the NTU shapes) and prints a JMH-like table and JSON. Also measures this machine's single-precision
 * matrix-multiply peak in the same run, and exports each case's initial weights and batch so that the
 * PyTorch reference (benchmarks/reference/sttformer_torch.py) runs the identical computation.
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
        Map<String, String> env = new LinkedHashMap<>();
        env.put("jvm", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("nd4j", "1.0.0-M2.1 " + Nd4j.getBackend().getClass().getSimpleName() + " " + Provenance.detectNativeVariant());
        env.put("threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        env.put("sgemmPeak", String.format(Locale.ROOT, "%.1f GFLOP/s", peak));
        return env;
    }

    static PerformanceCase run(String preset, String mode, int batch, int iterations, double peak, Path out) throws Exception {
        ModelConfig cfg = Presets.load(preset);
        LoadedDataset d = SyntheticMotion.standard().load();
        int joints = 25;
        int persons = 2;
        int classes = d.dataset().numClasses();
        Batch b;
        try (BatchLoader l = new BatchLoader(d.dataset(), d.split().train(), batch, true, new SamplePipeline(cfg.sampling()), 7, 0)) {
            b = l.next();
        }
        // every person-sequence non-empty, as in two-actor NTU samples, so both frameworks see 2·batch rows
        INDArray x = b.x().add(Nd4j.rand(12345, b.x().shape()).muli(0.01)).castTo(DataType.FLOAT);
        ParameterStore store = new ParameterStore(3, DataType.FLOAT);
        Map<String, INDArray> exportBatch = new LinkedHashMap<>();
        Supplier<Void> step;
        CostModel.Cost cost = CostModel.of(cfg, joints, persons, classes);
        double flops;
        ModelGraph graph;
        switch (mode) {
            case "pretrain" -> {
                graph = MaskedAutoencoder.build(cfg, store, joints, true);
                SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), joints);
                MaskedBatch mb = MaskedBatch.of(x, masker, cfg.framesPerTuple(), false, true, 1, 0, b.indices(), DataType.FLOAT);
                Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
                PretrainPhase.addNoise(ph, cfg, mb.rows(), masker, 5);
                ph.forEach((k, v) -> exportBatch.put(k.equals("vae_noise") ? "vae_noise" : k, v));
                TrainingStep training = new TrainingStep(graph, store, graph.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4),
                        cfg.bnMomentum());
                step = () -> {
                    training.run(ph, mb.rows(), 1e-4).close();
                    return null;
                };
                flops = cost.pretrainTrainFlopsPerSample() * batch;
            }
            case "finetune", "inference" -> {
                boolean train = mode.equals("finetune");
                graph = SkeletonClassifier.build(cfg, store, joints, persons, classes, train, false);
                INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
                Map<String, INDArray> ph = Map.of(SkeletonClassifier.X, x, SkeletonClassifier.LABELS, y);
                exportBatch.put("x", x);
                exportBatch.put("labels", Nd4j.createFromArray(b.labels()));
                TrainingStep training = new TrainingStep(graph, store, graph.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4),
                        cfg.bnMomentum());
                ModelGraph g = graph;
                step = train ? () -> {
                    training.run(ph, (long) batch * persons, 1e-4).close();
                    return null;
                } : () -> {
                    g.forward(ph, List.of()).close();
                    return null;
                };
                flops = (train ? cost.classifierTrainFlopsPerSample() : cost.classifierForwardFlopsPerSample()) * batch;
            }
            default -> throw new IllegalArgumentException("mode must be pretrain, finetune or inference, got " + mode);
        }
        double javaLoss = forwardLoss(graph, mode, exportBatch);
        export(out.resolve(preset + "-" + mode), cfg, store, exportBatch, joints, persons, classes, javaLoss, mode);
        for (int i = 0; i < WARMUP; i++) {
            step.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            step.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double median = median(ms);
        Map<String, Double> sec = new LinkedHashMap<>();
        sec.put("gflopPerIteration", flops / 1e9);
        sec.put("gflops", flops / 1e9 / (median / 1000));
        sec.put("peakShare", flops / 1e9 / (median / 1000) / peak);
        sec.put("samplesPerSecond", batch / (median / 1000));
        sec.put("activationBytes", (double) graph.pool().lastStepBytes());
        sec.put("heapUsedBytes", (double) (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
        sec.put("peakResidentBytes", (double) peakResident());
        org.nd4j.autodiff.samediff.SameDiff grad = graph.sameDiff().getFunction("grad");
        sec.put("forwardOps", (double) graph.sameDiff().getOps().size());
        sec.put("backwardOps", grad == null ? 0.0 : (double) grad.getOps().size());
        graph.close();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("preset", preset);
        params.put("batch", Integer.toString(batch));
        params.put("threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        return new PerformanceCase(mode, params, median, ms.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ms.stream().mapToDouble(Double::doubleValue).max().orElse(0), ms, sec);
    }

    /** The loss of the first forward pass (batch statistics for training cases, running ones for inference). */
    static double forwardLoss(ModelGraph graph, String mode, Map<String, INDArray> batch) {
        Map<String, INDArray> ph = new HashMap<>();
        if (mode.equals("pretrain")) {
            ph.putAll(batch);
        } else {
            ph.put(SkeletonClassifier.X, batch.get("x"));
            INDArray labels = batch.get("labels");
            int[] l = labels.toIntVector();
            int classes = (int) graph.sameDiff().getVariable(SkeletonClassifier.LABELS).getShape()[1];
            ph.put(SkeletonClassifier.LABELS, Evaluator.oneHot(l, classes, DataType.FLOAT));
        }
        return graph.forward(ph, List.of()).scalars().get("loss");
    }

    /** Weights (before any step), batch and shapes for the PyTorch reference. */
    static void export(Path stem, ModelConfig cfg, ParameterStore store, Map<String, INDArray> batch, int joints, int persons,
                       int classes, double javaLoss, String mode) throws Exception {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        store.params().forEach((k, v) -> arrays.put("param/" + k, v));
        store.state().forEach((k, v) -> arrays.put("state/" + k, v));
        batch.forEach((k, v) -> arrays.put("batch/" + k, v));
        NpzArrays.write(Path.of(stem + ".npz"), arrays);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("config", cfg);
        meta.put("joints", joints);
        meta.put("persons", persons);
        meta.put("classes", classes);
        meta.put("javaLoss", javaLoss);
        meta.put("mode", mode);
        Json.write(Path.of(stem + ".json"), meta);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static long peakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
