package org.skelmae.libtorch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.Engine;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.run.NativeRuntime;
import org.skelmae.run.Threads;
import org.skelmae.training.Adam;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingStep;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training step and an evaluation-mode forward pass of the STTFormer classifier ({@code finetune}) or masked
 * autoencoder ({@code pretrain}) on both engines in one JVM, in alternating rounds: {@code java -cp <skelmae-libtorch
 * classpath> org.skelmae.libtorch.EngineStepBenchmark <preset> finetune|pretrain <batch> <steps per round> <rounds>
 * [threads]}. Both engines start from the same seed, train on the same synthetic 25-joint, 2-person batch (pre-training:
 * the same masks and VAE noise) with the same Java Adam, and run the step a training run takes ({@link TrainingStep}).
 * Prints one line per round and engine (median ms of the round's steps after 3 warm-up steps) and the medians over
 * rounds.
 *
 * <p>Thread and allocator settings must be in the environment before the JVM starts (OpenBLAS and glibc read them
 * once): docs/engines.md gives the command this project measured with.
 */
public final class EngineStepBenchmark {

    private static final int JOINTS = 25;
    private static final int PERSONS = 2;
    private static final int WARMUP = 3;

    private EngineStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || !List.of("finetune", "pretrain").contains(args[1])) {
            System.err.println("usage: EngineStepBenchmark <preset> finetune|pretrain <batch> <steps per round> <rounds> [threads]");
            System.exit(2);
        }
        String preset = args[0];
        boolean pretrain = args[1].equals("pretrain");
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : Threads.defaultCount();
        Threads.apply(threads);
        LibTorch.init(threads);
        ModelConfig cfg = Presets.load(preset);
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
        System.out.printf(Locale.ROOT, "%s %s, batch %d, %d threads; %s; libtorch %s%n", preset, args[1], batch, threads,
                NativeRuntime.describe(), LibTorch.describe());

        List<Engine> engines = List.of(Engine.ND4J, Engine.named("libtorch"));
        double[][] train = new double[engines.size()][rounds];
        double[][] infer = new double[engines.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int e = 0; e < engines.size(); e++) {
                Engine engine = engines.get(e);
                ParameterStore store = new ParameterStore(3, DataType.FLOAT);
                try (Network net = pretrain ? engine.maskedAutoencoder(cfg, store, JOINTS, true)
                        : engine.classifier(cfg, store, JOINTS, PERSONS, classes, true, false);
                     Network eval = pretrain ? engine.maskedAutoencoder(cfg, store, JOINTS, false)
                             : engine.classifier(cfg, store, JOINTS, PERSONS, classes, false, false)) {
                    TrainingStep step = new TrainingStep(net, store, net.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4), cfg.bnMomentum());
                    train[e][r] = median(time(steps, () -> step.run(inputs, rows, 1e-4).close()));
                    eval.syncFromStore();
                    infer[e][r] = median(time(steps, () -> eval.forward(inputs, List.of()).close()));
                }
                System.out.printf(Locale.ROOT, "round %d %-8s train %8.1f ms  forward %7.1f ms%n", r + 1, engine.name(), train[e][r], infer[e][r]);
            }
        }
        for (int e = 0; e < engines.size(); e++) {
            System.out.printf(Locale.ROOT, "%-8s median over %d rounds: train %.1f ms, forward %.1f ms%n",
                    engines.get(e).name(), rounds, median(train[e]), median(infer[e]));
        }
        System.out.println("libtorch at the end: " + LibTorch.describe());
        System.out.printf(Locale.ROOT, "libtorch / nd4j: train %.2f, forward %.2f%n",
                median(train[1]) / median(train[0]), median(infer[1]) / median(infer[0]));
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
