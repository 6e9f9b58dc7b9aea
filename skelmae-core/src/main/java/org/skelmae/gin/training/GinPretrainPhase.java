package org.skelmae.gin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.BodyRegions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.engine.Engine;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Seeds;
import org.skelmae.training.TrainingPhase;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masked pre-training of the graph family (docs/method.md, "The graph family"): every epoch trains on the
 * training split (labels unused), then measures the loss on the test split in evaluation mode, with the
 * masks of one fixed seed for every run, so runs of any seed are validated on the same hidden joints. The
 * lowest validation loss picks the {@code best} checkpoint.
 */
public final class GinPretrainPhase implements TrainingPhase {

    /** Seed of the validation masks, the same for every run (as the STTFormer family's). */
    static final long VALIDATION_MASK_SEED = Seeds.of(0, "validation");

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final GinConfig gc;
    private final BodyRegions regions;
    private final int joints;
    private final Model model;
    private final Map<String, Double> sums = new LinkedHashMap<>();

    public GinPretrainPhase(ExperimentConfig cfg, LoadedDataset data) {
        this.cfg = cfg;
        this.data = data;
        this.gc = (GinConfig) cfg.model();
        this.joints = data.dataset().layout().joints();
        this.regions = GinInputs.regions(gc, data.dataset().layout());
        SkeletonGraph graph = new SkeletonGraph(data.dataset().layout());
        ParameterStore store = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        Engine engine = Engine.selected();
        Network train = engine.ginAutoencoder(gc, store, graph, true);
        this.model = new Model(store, train, engine.ginAutoencoder(gc, store, graph, false), train.parameters(),
                GinInputs.sampling(gc));
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public int[] trainIndices() {
        return data.split().train();
    }

    @Override
    public int batchSize() {
        return cfg.training().batchSize();
    }

    @Override
    public String describe(org.skelmae.training.Schedule sched, double base) {
        return "graph SkeletonMAE pre-training: masking " + gc.masking() + ", target " + gc.target().name().toLowerCase(java.util.Locale.ROOT)
                + ", beta " + gc.beta() + ", " + gc.encoderLayers() + " GIN layers, base lr " + base;
    }

    @Override
    public Inputs inputs(Batch b, long step) {
        boolean[][] masks = GinInputs.masks(gc, regions, joints, b.indices(), Seeds.of(cfg.seed(), "mask"), step);
        GraphBatch gb = GinInputs.pretrainBatch(gc, b.x(), masks, Seeds.of(cfg.seed(), "dropout") + step, true);
        return new Inputs(gb.placeholders(), gb.rows(), gb::close);
    }

    @Override
    public String lossName() {
        return GinAutoencoder.LOSS;
    }

    @Override
    public void observe(Batch b, Network.Step s) {
        s.scalars().forEach((k, v) -> sums.merge(k, v, Double::sum));
    }

    @Override
    public Map<String, Double> logged(Network.Step s) {
        return s.scalars();
    }

    @Override
    public Map<String, Double> endEpoch(int steps, long samples) {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / steps));
        sums.clear();
        return means;
    }

    /** Loss and mean cosine on the test split, each batch weighted by its masked joints. */
    @Override
    public Map<String, Double> validate() {
        Map<String, Double> sums = new LinkedHashMap<>();
        double weight = 0;
        try (BatchLoader loader = new BatchLoader(data.dataset(), data.split().test(), cfg.training().batchSize(), false,
                model.pipeline(), 0, 0)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    boolean[][] masks = GinInputs.masks(gc, regions, joints, b.indices(), VALIDATION_MASK_SEED, 0);
                    try (GraphBatch gb = GinInputs.pretrainBatch(gc, b.x(), masks, 0, false)) {
                        double masked = gb.placeholders().get(GraphBatch.MASK).sumNumber().doubleValue();
                        Network.Step s = model.eval().forward(gb.placeholders(), List.of());
                        s.scalars().forEach((k, v) -> sums.merge(k, v * masked, Double::sum));
                        weight += masked;
                    }
                }
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        double total = weight;
        sums.forEach((k, v) -> means.put(k, v / total));
        return means;
    }

    @Override
    public String selectionMetric() {
        return GinAutoencoder.LOSS;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }
}
