package org.skelmae.gin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GinProbe;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.run.Seeds;
import org.skelmae.training.Checkpoint;
import org.skelmae.training.ClassifierMetrics;
import org.skelmae.training.ClassifierPhase;
import org.skelmae.training.ClassifyingPhase;
import org.skelmae.training.Schedule;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Supervised training of the graph family's classifier (docs/method.md, "Fine-tuning the graph family"):
 * fine-tuning, where the lift and every STRL layer's encoder copies start from the pre-trained ones, the
 * same recipe from random weights, or a linear probe of the frozen pre-trained encoder ({@link GinProbe}). Metrics, held-out slice and checkpoint selection are the STTFormer
 * family's ({@link ClassifierPhase}), so the two families' results read alike.
 */
public final class GinClassifierPhase implements ClassifyingPhase {

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final Progress progress;
    private final GinConfig gc;
    private final int classes;
    private final int persons;
    private final boolean probe;
    private final Model model;
    private final int[] trainIdx;
    private final int[] heldOut;
    private final ClassifierMetrics metrics = new ClassifierMetrics();

    /** @param labelled the labelled training samples; a seeded share ({@code heldOutFraction}) is held out */
    public GinClassifierPhase(ExperimentConfig cfg, LoadedDataset data, int[] labelled, Progress progress) {
        this.cfg = cfg;
        this.data = data;
        this.progress = progress;
        this.gc = (GinConfig) cfg.model();
        this.persons = data.dataset().persons();
        this.classes = data.dataset().numClasses();
        SkeletonGraph graph = new SkeletonGraph(data.dataset().layout());
        ParameterStore store = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        this.probe = cfg.kind() == RunKind.LINPROBE;
        Engine engine = Engine.selected();
        Network train = engine.ginClassifier(gc, store, graph, persons, classes, true, probe);
        Network eval = engine.ginClassifier(gc, store, graph, persons, classes, false, probe);
        this.model = new Model(store, train, eval, probe ? train.parameters().stream().filter(p -> p.startsWith(GinProbe.HEAD))
                .toList() : train.parameters(), GinInputs.sampling(gc));
        int[][] parts = ClassifierPhase.holdOut(labelled, cfg.training().heldOutFraction(), Seeds.of(cfg.seed(), "heldout"));
        this.trainIdx = parts[0];
        this.heldOut = parts[1];
    }

    /**
     * Loads the pre-trained lift and encoder (parameters and BatchNorm statistics): into the lift and every
     * encoder copy for a fine-tune, as they are for a probe. A from-scratch run copies the lift and encoder of
     * an untrained pre-training model of its seed the same way (docs/method.md, "Fine-tuning the graph family"),
     * so that it differs from a fine-tune only in whether that encoder was pre-trained.
     */
    @Override
    public void start(boolean resumed) throws IOException {
        if (resumed) {
            return;
        }
        if (cfg.pretrained() == null) {
            ParameterStore untrained = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
            GinAutoencoder.build(gc, untrained, new SkeletonGraph(data.dataset().layout()), true).close();
            int copied = copy(untrained.params(), model.store().params(), "the untrained model")
                    + copy(untrained.state(), model.store().state(), "the untrained model");
            progress.info("[" + cfg.tag() + "] lift and " + gc.strlLayers() * persons + " encoder copies from an untrained"
                    + " pre-training model of seed " + cfg.seed() + ": " + copied + " arrays");
            return;
        }
        Path file = Path.of(cfg.pretrained());
        if (probe) {
            int n = Checkpoint.loadPart(file, model.store(), GinAutoencoder.LIFT)
                    + Checkpoint.loadPart(file, model.store(), GinAutoencoder.ENCODER);
            progress.info("[" + cfg.tag() + "] frozen lift and encoder: " + n + " arrays from " + file);
            return;
        }
        ParameterStore pre = new ParameterStore(0, DataType.FLOAT);
        Checkpoint.loadPart(file, pre, "gin.");
        int copied = copy(pre.params(), model.store().params(), file.toString())
                + copy(pre.state(), model.store().state(), file.toString());
        progress.info("[" + cfg.tag() + "] lift and " + gc.strlLayers() * persons + " encoder copies: " + copied
                + " arrays from " + file);
    }

    private static int copy(Map<String, INDArray> from, Map<String, INDArray> to, String source) {
        int n = 0;
        for (Map.Entry<String, INDArray> e : to.entrySet()) {
            String name = GinClassifier.pretrainedName(e.getKey());
            if (name == null) {
                continue;
            }
            INDArray a = from.get(name);
            if (a == null || !java.util.Arrays.equals(a.shape(), e.getValue().shape())) {
                throw new ConfigurationException(source + " has no " + name + " of shape " + java.util.Arrays.toString(e.getValue().shape())
                        + " for " + e.getKey() + ": it was pre-trained with another graph-family configuration");
            }
            e.getValue().assign(a);
            n++;
        }
        return n;
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
        return String.format(Locale.ROOT, "graph family %s on %d labelled samples (%d held out), batch %d, %d iterations per epoch,"
                        + " base lr %.3g, %d STRL layers", cfg.kind().name().toLowerCase(Locale.ROOT), trainIdx.length, heldOut.length,
                batchSize(), sched.iterationsPerPass(), base, gc.strlLayers());
    }

    @Override
    public Inputs inputs(Batch b, long step) {
        GraphBatch gb = new GraphBatch(b.x(), null, true, DataType.FLOAT);
        INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
        Map<String, INDArray> ph = new HashMap<>(gb.placeholders());
        ph.put(GinClassifier.LABELS, y);
        INDArray mask = !probe && gc.headDropout() > 0 ? ClassifierPhase.dropoutMask(b.size(), gc.embedding(), gc.headDropout(),
                Seeds.of(cfg.seed(), "dropout") + step) : null;
        if (mask != null) {
            ph.put(GinClassifier.DROPOUT_MASK, mask);
        }
        return new Inputs(ph, (long) b.size() * persons, () -> {
            gb.close();
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
        return ClassifierMetrics.validate(model.eval(), data, heldOut, model.pipeline(), cfg.training().batchSize(), GinInputs.CLASSIFIER);
    }

    /** Scores a saved classifier checkpoint of a graph-family run on samples of its dataset. */
    public static Evaluator.Scored score(ExperimentConfig cfg, LoadedDataset data, Path checkpoint, int[] indices) {
        GinConfig gc = (GinConfig) cfg.model();
        ParameterStore store = new ParameterStore(0, DataType.FLOAT);
        Network eval = Engine.selected().ginClassifier(gc, store, new SkeletonGraph(data.dataset().layout()), data.dataset().persons(),
                data.dataset().numClasses(), false, cfg.kind() == RunKind.LINPROBE);
        Checkpoint.restore(checkpoint, store, null, cfg.sha256());
        eval.syncFromStore();
        try {
            return Evaluator.score(eval, data.dataset(), indices, GinInputs.sampling(gc), cfg.training().batchSize(),
                    DataType.FLOAT, GinInputs.CLASSIFIER);
        } finally {
            eval.close();
        }
    }
}
