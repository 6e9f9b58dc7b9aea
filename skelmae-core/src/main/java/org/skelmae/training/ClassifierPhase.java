package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.ClassifierInputs;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.model.SttEncoder;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.run.Seeds;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Supervised training of the classifier (docs/method.md, "Fine-tuning, linear probe and training from scratch"):
 * fine-tuning from a
 * pre-trained encoder, a linear probe on a frozen one, or the same recipe from random weights. Each epoch reports
 * test accuracy and the accuracy on a held-out slice of the labelled training samples; the best test accuracy
 * picks the {@code best} checkpoint (the paper's selection), and {@link #heldOutEpoch} says which epoch the held-out
 * slice would have chosen, so users can see how optimistic best-on-test is.
 */
public final class ClassifierPhase implements ClassifyingPhase {

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final Progress progress;
    private final ModelConfig mc;
    private final int classes;
    private final int persons;
    private final Model model;
    private final int[] trainIdx;
    private final int[] heldOut;
    private final ClassifierMetrics metrics = new ClassifierMetrics();

    /**
     * @param labelled the labelled training samples (the whole training split, or a stratified subset); a seeded
     *                 share of them ({@code heldOutFraction}) is held out of training
     */
    public ClassifierPhase(ExperimentConfig cfg, LoadedDataset data, int[] labelled, Progress progress) {
        this.cfg = cfg;
        this.data = data;
        this.progress = progress;
        this.mc = cfg.sttformer();
        int joints = data.dataset().layout().joints();
        this.persons = data.dataset().persons();
        this.classes = data.dataset().numClasses();
        boolean frozen = cfg.kind() == RunKind.LINPROBE;
        ParameterStore store = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        Engine engine = Engine.selected();
        Network train = engine.classifier(mc, store, joints, persons, classes, true, frozen);
        Network eval = engine.classifier(mc, store, joints, persons, classes, false, frozen);
        this.model = new Model(store, train, eval, frozen ? train.parameters().stream()
                .filter(p -> p.startsWith(SkeletonClassifier.HEAD)).toList() : train.parameters(), new SamplePipeline(mc.sampling()));
        int[][] parts = holdOut(labelled, cfg.training().heldOutFraction(), Seeds.of(cfg.seed(), "heldout"));
        this.trainIdx = parts[0];
        this.heldOut = parts[1];
    }

    @Override
    public void start(boolean resumed) throws IOException {
        if (!resumed && cfg.pretrained() != null) {
            int n = Checkpoint.loadPart(Path.of(cfg.pretrained()), model.store(), SttEncoder.PREFIX);
            progress.info("[" + cfg.tag() + "] encoder: " + n + " arrays from " + cfg.pretrained());
        }
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public int[] trainIndices() {
        return trainIdx;
    }

    @Override
    public int heldOutSamples() {
        return heldOut.length;
    }

    @Override
    public int batchSize() {
        return Math.min(cfg.training().batchSize(), trainIdx.length);
    }

    @Override
    public String describe(Schedule sched, double base) {
        return String.format(Locale.ROOT, "%s on %d labelled samples (%d held out), batch %d, %d iterations per epoch, base lr %.3g",
                cfg.kind().name().toLowerCase(Locale.ROOT), trainIdx.length, heldOut.length, batchSize(), sched.iterationsPerPass(), base);
    }

    @Override
    public Inputs inputs(Batch b, long step) {
        INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
        Map<String, INDArray> ph = new HashMap<>(Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, y));
        INDArray mask = mc.dropout() > 0
                ? dropoutMask(b.size(), mc.encoderWidth(), mc.dropout(), Seeds.of(cfg.seed(), "dropout") + step) : null;
        if (mask != null) {
            ph.put(SkeletonClassifier.DROPOUT_MASK, mask);
        }
        return new Inputs(ph, (long) b.size() * persons, () -> {
            y.close();
            if (mask != null) {
                mask.close();
            }
        });
    }

    @Override
    public ClassifierMetrics metrics() {
        return metrics;
    }

    @Override
    public Map<String, Double> validate() {
        return ClassifierMetrics.validate(model.eval(), data, heldOut, model.pipeline(), cfg.training().batchSize(), ClassifierInputs.STTFORMER);
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
        return String.format(Locale.ROOT, "[%s] UNDERFIT on %s: final training top-1 %.1f%% < %.1f%% (2 x chance for %d"
                        + " classes) after %d optimiser steps. The model has barely learnt the training set: train longer"
                        + " (-Dskelmae.minSteps=..., or more epochs/-Dskelmae.steps), check the learning rate, and for raw"
                        + " .npz coordinates keep skelmae.normalize=centre (or centre-scale)", cfg.tag(), dataset, 100 * top1,
                100 * limit, classes, sched.totalSteps());
    }

    /** The epoch the held-out accuracy picks (first of equals), or 0 when nothing was held out. */
    public static int heldOutEpoch(List<EpochMetrics> history) {
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
    public static int[][] holdOut(int[] labelled, double fraction, long seed) {
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

    /** Inverted-dropout mask (0 or 1/(1 − p)) of (n, c) from a seed. */
    public static INDArray dropoutMask(int n, int c, double p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * c];
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < p ? 0f : keep;
        }
        return Nd4j.create(v, new long[]{n, c}, 'c');
    }
}
