package org.skelmae.libtorch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.gin.training.GinInputs;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.NativeRuntime;
import org.skelmae.run.RunKind;
import org.skelmae.run.Threads;
import org.skelmae.training.Adam;
import org.skelmae.training.ClassifierPhase;
import org.skelmae.training.Optimizer;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingConfig;
import org.skelmae.training.TrainingStep;
import org.skelmae.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps a run takes, timed on each engine in one JVM in alternating rounds: {@code java -cp <skelmae-libtorch
 * classpath> org.skelmae.libtorch.EngineStepBenchmark <presets> <cases> <batch> <steps per round> <rounds> <threads>
 * [engines] [results.json]}, with comma-separated presets of either family (e.g. {@code cpu-mae,cpu-gin-mae}), cases out of {@code pretrain} (a masked autoencoder's
 * training step), {@code finetune} (the classifier's training step) and {@code inference} (the classifier's
 * evaluation forward pass), and engines ({@code nd4j,libtorch} unless given). Every engine starts from the same
 * seed, takes the same synthetic 25-joint, 2-person batch (pre-training: the same masks and VAE noise), the same
 * Java Adam and the step a training run takes ({@link TrainingStep}). Prints one line per round, engine and case
 * (median ms of the round's steps after 3 warm-up steps) and the medians over rounds; the JSON file, when given,
 * holds every round's median per case and the environment ({@code benchmarks/reference/compare.sh} reads it).
 * A case listed twice is timed twice and the later one counts: the first case of a fresh JVM pays for compiling
 * the step's path.
 *
 * <p>Thread and allocator settings must be in the environment before the JVM starts (OpenBLAS and glibc read them
 * once): docs/engines.md gives the command this project measured with.
 */
public final class EngineStepBenchmark {

    private static final int JOINTS = 25;
    private static final int PERSONS = 2;
    private static final int WARMUP = 3;
    private static final List<String> CASES = List.of("pretrain", "finetune", "inference");

    private EngineStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !CASES.containsAll(split(args[1]))) {
            System.err.println("usage: EngineStepBenchmark <presets> <cases: pretrain,finetune,inference> <batch> "
                    + "<steps per round> <rounds> <threads> [engines: nd4j,libtorch] [results.json]");
            System.exit(2);
        }
        List<String> presets = split(args[0]);
        List<String> cases = split(args[1]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        List<Engine> engines = split(args.length > 6 ? args[6] : "nd4j,libtorch").stream().map(Engine::named).toList();
        Threads.apply(threads);
        LibTorch.init(threads);
        System.out.printf(Locale.ROOT, "batch %d, %d threads; %s; libtorch %s%n", batch, threads, NativeRuntime.describe(),
                LibTorch.describe());

        // engine -> "preset case" -> one median per round; a repeated case overwrites its earlier timing
        Map<String, Map<String, double[]>> ms = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Engine engine : engines) {
                for (String preset : presets) {
                    ModelSpec spec = ModelSpecs.preset(preset);
                    for (String c : cases) {
                        double t = spec instanceof GinConfig gc ? time(engine, gc, c, batch, steps)
                                : time(engine, (ModelConfig) spec, c, batch, steps);
                        ms.computeIfAbsent(engine.name(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(preset + " " + c, k -> new double[rounds])[r] = t;
                        System.out.printf(Locale.ROOT, "round %d %-8s %-12s %-9s %8.1f ms%n", r + 1, engine.name(), preset, c, t);
                    }
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        ms.forEach((engine, byCase) -> byCase.forEach((key, v) -> {
            String[] pc = key.split(" ");
            System.out.printf(Locale.ROOT, "%-8s %-12s %-9s median over %d rounds: %.1f ms%n", engine, pc[0], pc[1], rounds, median(v));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("engine", engine);
            row.put("preset", pc[0]);
            row.put("case", pc[1]);
            row.put("ms", v);
            rows.add(row);
        }));
        System.out.println("libtorch at the end: " + LibTorch.describe());
        if (args.length > 7) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("batch", batch);
            doc.put("threads", threads);
            doc.put("stepsPerRound", steps);
            doc.put("runtime", NativeRuntime.describe());
            doc.put("libtorch", LibTorch.describe());
            doc.put("cases", rows);
            Json.write(Path.of(args[7]), doc);
        }
    }

    /** The median ms of {@code steps} steps of one case, after the warm-up, on a network built for it. */
    private static double time(Engine engine, ModelConfig cfg, String c, int batch, int steps) {
        boolean pretrain = c.equals("pretrain");
        int classes = SyntheticMotion.CLASSES.size();
        Batch b = SyntheticMotion.benchmarkBatch(cfg.sampling(), batch);
        Map<String, INDArray> inputs;
        long rows;
        if (pretrain) {
            SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), JOINTS);
            MaskedBatch mb = MaskedBatch.of(b.x(), masker, cfg.framesPerTuple(), false, true, 1, 0, b.indices(), DataType.FLOAT);
            inputs = new HashMap<>(mb.placeholders());
            PretrainPhase.addNoise(inputs, cfg, mb.rows(), masker, 5);
            rows = mb.rows();
        } else {
            inputs = Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, Evaluator.oneHot(b.labels(), classes, DataType.FLOAT));
            rows = (long) batch * PERSONS;
        }
        ParameterStore store = new ParameterStore(3, DataType.FLOAT);
        boolean training = !c.equals("inference");
        try (Network net = pretrain ? engine.maskedAutoencoder(cfg, store, JOINTS, training)
                : engine.classifier(cfg, store, JOINTS, PERSONS, classes, training, false)) {
            if (!training) {
                return median(time(steps, () -> net.forward(inputs, List.of()).close()));
            }
            TrainingStep step = new TrainingStep(net, store, net.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4), cfg.bnMomentum());
            return median(time(steps, () -> step.run(inputs, rows, 1e-4).close()));
        }
    }

    /**
     * The graph family's case: its masked autoencoder or classifier with the inputs its training phases make (masked
     * regions, dropout masks, every person-frame for the classifier) on a batch of the synthetic dataset.
     */
    private static double time(Engine engine, GinConfig gc, String c, int batch, int steps) {
        LoadedDataset d = SyntheticMotion.standard().load();
        Batch b;
        try (BatchLoader l = new BatchLoader(d.dataset(), d.split().train(), batch, true, GinInputs.sampling(gc), 7, 0)) {
            b = l.next();
        }
        SkeletonGraph graph = new SkeletonGraph(d.dataset().layout());
        int classes = d.dataset().numClasses();
        ParameterStore store = new ParameterStore(3, DataType.FLOAT);
        boolean training = !c.equals("inference");
        Map<String, INDArray> inputs;
        long rows;
        Network net;
        if (c.equals("pretrain")) {
            boolean[][] masks = GinInputs.masks(gc, GinInputs.regions(gc, d.dataset().layout()), graph.nodes(), b.indices(), 1, 0);
            GraphBatch gb = GinInputs.pretrainBatch(gc, b.x(), masks, 5, true);
            inputs = gb.placeholders();
            rows = gb.rows();
            net = engine.ginAutoencoder(gc, store, graph, true);
        } else {
            inputs = new HashMap<>(new GraphBatch(b.x(), null, true, DataType.FLOAT).placeholders());
            inputs.put(GinClassifier.LABELS, Evaluator.oneHot(b.labels(), classes, DataType.FLOAT));
            if (training && gc.headDropout() > 0) {
                inputs.put(GinClassifier.DROPOUT_MASK, ClassifierPhase.dropoutMask(batch, gc.embedding(), gc.headDropout(), 5));
            }
            rows = (long) batch * d.dataset().persons();
            net = engine.ginClassifier(gc, store, graph, d.dataset().persons(), classes, training, false);
        }
        try (net) {
            if (!training) {
                return median(time(steps, () -> net.forward(inputs, List.of()).close()));
            }
            // the optimiser of the family's recipe: Adam in pre-training, SGD with momentum in fine-tuning
            RunKind kind = c.equals("pretrain") ? RunKind.PRETRAIN : RunKind.FINETUNE;
            Optimizer optimizer = Optimizer.of(Families.recipe(gc, kind, TrainingConfig.paper()));
            TrainingStep step = new TrainingStep(net, store, net.parameters(), optimizer, gc.bnMomentum());
            return median(time(steps, () -> step.run(inputs, rows, 1e-4).close()));
        }
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static double[] time(int steps, Runnable step) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
