package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.model.SttEncoder;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.run.Seeds;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Supervised training of the classifier (SPEC §3.7): fine-tuning from a pre-trained encoder, a linear
 * probe on a frozen one, or the same recipe from random weights. Each epoch reports test accuracy and
 * the accuracy on a held-out slice of the labelled training samples; {@code best} is the checkpoint with
 * the best test accuracy (the paper's selection), and the epoch the held-out slice would have chosen is
 * recorded so users can see how optimistic best-on-test is.
 */
public final class ClassifierLoop {

    /**
     * @param history      every epoch's metrics
     * @param bestEpoch    epoch with the best test top-1
     * @param heldOutEpoch epoch with the best held-out top-1 (honest selection)
     * @param trainSamples labelled samples trained on
     * @param heldOut      labelled samples held out
     */
    public record Outcome(List<EpochMetrics> history, int bestEpoch, int heldOutEpoch, int trainSamples, int heldOut) {
    }

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final int[] labelled;
    private final RunDirectory dir;
    private final Progress progress;

    /**
     * @param labelled the labelled training samples (the whole training split, or a stratified subset)
     */
    public ClassifierLoop(ExperimentConfig cfg, LoadedDataset data, int[] labelled, RunDirectory dir, Progress progress) {
        this.cfg = cfg;
        this.data = data;
        this.labelled = labelled.clone();
        this.dir = dir;
        this.progress = progress;
    }

    /** The store and graphs of a classifier for this run's kind, with the pre-trained encoder loaded. */
    ParameterStore newStore() {
        return new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
    }

    public Outcome run() throws IOException {
        ModelConfig mc = cfg.model();
        TrainingConfig tc = cfg.training();
        int joints = data.dataset().layout().joints();
        int persons = data.dataset().persons();
        int classes = data.dataset().numClasses();
        boolean frozen = cfg.kind() == RunKind.LINPROBE;
        ParameterStore store = newStore();
        ModelGraph train = SkeletonClassifier.build(mc, store, joints, persons, classes, true, frozen);
        ModelGraph eval = SkeletonClassifier.build(mc, store, joints, persons, classes, false, frozen);
        Adam adam = new Adam(tc.beta1(), tc.beta2(), tc.epsilon(), tc.weightDecay());
        List<String> trainable = frozen
                ? train.parameters().stream().filter(p -> p.startsWith(SkeletonClassifier.HEAD)).toList()
                : train.parameters();
        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        int bestEpoch = 0;
        double best = Double.NEGATIVE_INFINITY;
        if (dir.state() == RunDirectory.State.RESUME) {
            Checkpoint.Meta m = Checkpoint.restore(dir.checkpoint("last"), store, adam, cfg.sha256());
            history.addAll(m.history());
            start = m.epochsCompleted();
            bestEpoch = m.bestEpoch();
            best = m.bestValue();
            dir.writeMetrics(history);
        } else if (cfg.pretrained() != null) {
            int n = Checkpoint.loadPart(Path.of(cfg.pretrained()), store, SttEncoder.PREFIX);
            progress.info("[" + cfg.tag() + "] encoder: " + n + " arrays from " + cfg.pretrained());
        }
        // graphs copy arrays when built: bring the frozen encoder's running statistics in
        train.syncFromStore();
        int[][] parts = holdOut(labelled, tc.heldOutFraction(), Seeds.of(cfg.seed(), "heldout"));
        int[] trainIdx = parts[0];
        int[] heldOut = parts[1];
        int batch = Math.min(tc.batchSize(), trainIdx.length);
        Schedule sched = tc.resolve(trainIdx.length / batch);
        int its = sched.iterationsPerEpoch();
        SamplePipeline pipeline = new SamplePipeline(mc.sampling());
        double base = cfg.baseLearningRate();
        String phase = cfg.kind().name().toLowerCase(java.util.Locale.ROOT);
        TrainLog log = new TrainLog(progress, cfg.tag(), phase, (long) (sched.epochs() - start) * its);
        log.info(String.format("%s on %d labelled samples (%d held out), batch %d, %d iterations per epoch, base lr %.3g",
                phase, trainIdx.length, heldOut.length, batch, sched.iterationsPerPass(), base));
        if (sched.extended()) {
            log.info(sched.extensionNote());
        }
        log.info(sched.describe());
        for (int epoch = start; epoch < sched.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lr = sched.learningRateAtEpoch(base, epoch);
            double lossSum = 0;
            long correct = 0;
            long samples = 0;
            int it = 0;
            for (int pass = 0; pass < sched.passesPerEpoch(); pass++) {
                try (BatchLoader loader = new BatchLoader(data.dataset(), trainIdx, batch, true, pipeline, Seeds.of(cfg.seed(), "data"),
                        epoch * sched.passesPerEpoch() + pass)) {
                    while (loader.hasNext()) {
                        try (Batch b = loader.next()) {
                            lr = sched.learningRate(base, (long) epoch * its + it);
                            INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
                            Map<String, INDArray> ph = new HashMap<>(Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, y));
                            if (mc.dropout() > 0) {
                                ph.put(SkeletonClassifier.DROPOUT_MASK, dropoutMask(b.size(), mc.encoderWidth(), mc.dropout(),
                                        Seeds.of(cfg.seed(), "dropout") + (long) epoch * its + it));
                            }
                            ModelGraph.Step s = train.step(ph, trainable, (long) b.size() * persons, mc.bnMomentum());
                            double loss = s.scalars().get(SkeletonClassifier.LOSS);
                            if (!Double.isFinite(loss)) {
                                throw new DivergenceException(String.format("[%s] %s diverged at epoch %d iteration %d: loss is %s;"
                                        + " the last good checkpoint is %s (after epoch %d)", cfg.tag(), phase, epoch + 1, it + 1,
                                        loss, dir.checkpoint("last"), history.size()));
                            }
                            adam.step(store.params(), s.gradients(), lr);
                            double[][] logits = s.arrays().get(SkeletonClassifier.LOGITS).toDoubleMatrix();
                            for (int i = 0; i < b.size(); i++) {
                                if (Evaluator.argmax(logits[i]) == b.labels()[i]) {
                                    correct++;
                                }
                            }
                            lossSum += loss;
                            s.close();
                            y.close();
                            samples += b.size();
                            it++;
                            double sps = samples / ((System.nanoTime() - t0) / 1e9);
                            if (tc.logEvery() > 0 && it % tc.logEvery() == 0) {
                                log.iteration(epoch + 1, sched.epochs(), it, its, Map.of("loss", loss), lr, sps);
                            } else {
                                log.counted();
                            }
                        }
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            eval.syncFromStore();
            Evaluation test = Evaluator.evaluate(eval, data.dataset(), data.split().test(), pipeline, tc.batchSize(), DataType.FLOAT);
            Map<String, Double> validation = new LinkedHashMap<>();
            validation.put("test.top1", test.top1());
            validation.put("test.top5", test.top5());
            validation.put("test.loss", test.loss());
            if (heldOut.length > 0) {
                validation.put("heldOut.top1", Evaluator.evaluate(eval, data.dataset(), heldOut, pipeline, tc.batchSize(), DataType.FLOAT).top1());
            }
            Map<String, Double> trainMeans = new LinkedHashMap<>();
            trainMeans.put("loss", lossSum / it);
            trainMeans.put("top1", correct / (double) samples);
            EpochMetrics m = new EpochMetrics(epoch + 1, lr, trainMeans, validation, samples / trainSeconds, (System.nanoTime() - t0) / 1e9);
            history.add(m);
            if (test.top1() > best) {
                best = test.top1();
                bestEpoch = epoch + 1;
                Checkpoint.save(dir.checkpoint("best"), store, null, meta(history, bestEpoch, best, adam));
            }
            Checkpoint.save(dir.checkpoint("last"), store, adam, meta(history, bestEpoch, best, adam));
            dir.writeMetrics(history);
            log.epoch(m, sched.epochs());
        }
        train.close();
        eval.close();
        String underfit = underfitWarning(cfg, data.dataset().name(), history, classes, sched);
        if (underfit != null) {
            progress.warn(underfit);
        }
        return new Outcome(history, bestEpoch, heldOutEpoch(history), trainIdx.length, heldOut.length);
    }

    private Checkpoint.Meta meta(List<EpochMetrics> history, int bestEpoch, double best, Adam adam) {
        return new Checkpoint.Meta(Checkpoint.SCHEMA_VERSION, cfg.kind().name().toLowerCase(java.util.Locale.ROOT),
                cfg.sha256(), history.size(), adam.steps(), bestEpoch, best, List.copyOf(history));
    }

    /**
     * A warning when the run ended underfit: its last epoch's training top-1 is below twice chance
     * ({@code 2 / classes}); null otherwise. It names the run and dataset and says what to try.
     */
    public static String underfitWarning(ExperimentConfig cfg, String dataset, List<EpochMetrics> history, int classes,
                                         Schedule sched) {
        if (history.isEmpty() || classes < 2) {
            return null;
        }
        Double top1 = history.get(history.size() - 1).train().get("top1");
        double limit = 2.0 / classes;
        if (top1 == null || top1 >= limit) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "[%s] UNDERFIT on %s: final training top-1 %.1f%% < %.1f%% (2 x chance for %d"
                        + " classes) after %d optimiser steps. The model has barely learnt the training set: train longer"
                        + " (-Dskelmae.minSteps=..., or more epochs/-Dskelmae.steps), check the learning rate, and for raw"
                        + " .npz coordinates keep skelmae.normalize=centre (or centre-scale)", cfg.tag(), dataset, 100 * top1,
                100 * limit, classes, sched.totalSteps());
    }

    /** The epoch the held-out accuracy picks (first of equals), or 0 when nothing was held out. */
    static int heldOutEpoch(List<EpochMetrics> history) {
        int epoch = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (EpochMetrics m : history) {
            Double v = m.validation().get("heldOut.top1");
            if (v != null && v > best) {
                best = v;
                epoch = m.epoch();
            }
        }
        return epoch;
    }

    /** Splits labelled indices into (train, held out) by a seeded shuffle; at least one stays in training. */
    static int[][] holdOut(int[] labelled, double fraction, long seed) {
        int[] shuffled = labelled.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int h = Math.min((int) Math.round(fraction * shuffled.length), shuffled.length - 1);
        int[] held = java.util.Arrays.copyOfRange(shuffled, 0, Math.max(0, h));
        int[] train = java.util.Arrays.copyOfRange(shuffled, Math.max(0, h), shuffled.length);
        java.util.Arrays.sort(held);
        java.util.Arrays.sort(train);
        return new int[][]{train, held};
    }

    static INDArray dropoutMask(int n, int c, double p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * c];
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < p ? 0f : keep;
        }
        return Nd4j.create(v, new long[]{n, c}, 'c');
    }
}
