package org.skelmae.gin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.BodyRegions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Embeddings;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Seeds;
import org.skelmae.training.Reconstructions;
import org.skelmae.training.Schedule;
import org.skelmae.training.TrainingPhase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

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
    public String describe(Schedule sched, double base) {
        return "graph SkeletonMAE pre-training: masking " + gc.masking() + ", target " + gc.target().name().toLowerCase(Locale.ROOT)
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

    /**
     * Writes {@link Reconstructions#FILE}: the last epoch's model, in evaluation mode, on the fixed
     * handful of test sequences with their validation masks. The decoder reconstructs the lifted joint features (or,
     * with the raw target, vectors whose direction alone the cosine error trains), not coordinates, so only the ground
     * truth and the masked joints are written as coordinates and {@code reconstruction} is null. The error is the
     * validation loss's measure on the sequence: the mean of (1 − cos)^β over its masked joint rows (every present
     * person-frame), the target computed on the host from the stored lift (embedded targets) or the coordinates (raw).
     */
    @Override
    public void finish(Path runDir) throws IOException {
        Engine engine = Engine.selected();
        SkeletonGraph graph = new SkeletonGraph(data.dataset().layout());
        int persons = data.dataset().persons();
        int classes = data.dataset().numClasses();
        Embeddings.measure(cfg.experiment(), cfg.seed(), "graph",
                "lift and encoder of the test clip, mean over joints, frames and persons (the linear probe's input)", data,
                store -> engine.ginClassifier(gc, store, graph, persons, classes, false, true),
                store -> {
                    store.copyFrom(model.store(), GinAutoencoder.LIFT);
                    store.copyFrom(model.store(), GinAutoencoder.ENCODER);
                },
                GinInputs.sampling(gc), cfg.training().batchSize(), GinInputs.CLASSIFIER).write(runDir);
        writeReconstructions(runDir);
    }

    private void writeReconstructions(Path runDir) throws IOException {
        int[] test = data.split().test();
        int[] pos = Reconstructions.positions(test.length);
        if (pos.length == 0) {
            return;
        }
        int[] ids = new int[pos.length];
        for (int i = 0; i < pos.length; i++) {
            ids[i] = test[pos[i]];
        }
        int t = gc.frames();
        int v = joints;
        int[] written = Reconstructions.writtenFrames(t);
        List<Reconstructions.Sequence> out = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(data.dataset(), ids, ids.length, false, model.pipeline(), 0, 0);
             Batch b = loader.next()) {
            int n = ids.length;
            int m = (int) b.x().size(4);
            float[] x = b.x().castTo(DataType.FLOAT).dup('c').data().asFloat();
            boolean[][] masks = GinInputs.masks(gc, regions, joints, ids, VALIDATION_MASK_SEED, 0);
            double[] rec;
            int width;
            int graphs;
            try (GraphBatch gb = GinInputs.pretrainBatch(gc, b.x(), masks, 0, false)) {
                Network.Step s = model.eval().forward(gb.placeholders(), List.of(GinAutoencoder.RECONSTRUCTION));
                try {
                    org.nd4j.linalg.api.ndarray.INDArray r = s.arrays().get(GinAutoencoder.RECONSTRUCTION);
                    width = (int) r.size(1);
                    graphs = (int) (r.size(0) / v);
                    rec = r.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                } finally {
                    s.close();
                }
            }
            double[] w = null;
            double[] bias = null;
            if (gc.target() != GinConfig.Target.RAW) {
                w = model.store().params().get(GinAutoencoder.LIFT + ".w").castTo(DataType.DOUBLE).dup('c').data().asDouble();
                bias = model.store().params().get(GinAutoencoder.LIFT + ".b").castTo(DataType.DOUBLE).dup('c').data().asDouble();
            }
            // the graphs in GraphBatch's (person, sample, frame) order, empty person-frames left out
            int[] graphOf = new int[m * n * t];
            int count = 0;
            for (int p = 0; p < m; p++) {
                for (int i = 0; i < n; i++) {
                    for (int f = 0; f < t; f++) {
                        boolean present = false;
                        for (int j = 0; j < v && !present; j++) {
                            for (int c = 0; c < 3; c++) {
                                present |= x[at(i, c, f, j, p, t, v, m)] != 0f;
                            }
                        }
                        graphOf[(p * n + i) * t + f] = present ? count++ : -1;
                    }
                }
            }
            if (count != graphs) {
                throw new IllegalStateException("reconstruction has " + graphs + " graphs, expected " + count);
            }
            int[] allFrames = IntStream.range(0, t).toArray();
            for (int i = 0; i < n; i++) {
                boolean[] hidden = masks[i];
                int[] kept = IntStream.range(0, v).filter(j -> !hidden[j]).toArray();
                List<Reconstructions.Person> persons = new ArrayList<>();
                double seqSum = 0;
                long seqCount = 0;
                for (int p = 0; p < m; p++) {
                    double sum = 0;
                    long rows = 0;
                    for (int f = 0; f < t; f++) {
                        int g = graphOf[(p * n + i) * t + f];
                        if (g < 0) {
                            continue;
                        }
                        for (int j = 0; j < v; j++) {
                            if (!hidden[j]) {
                                continue;
                            }
                            double[] coords = new double[3];
                            for (int c = 0; c < 3; c++) {
                                coords[c] = x[at(i, c, f, j, p, t, v, m)];
                            }
                            double[] target = w == null ? coords : lift(w, bias, coords, width);
                            int row = j * graphs + g;
                            double dot = 0;
                            double na = 0;
                            double nb = 0;
                            for (int k = 0; k < width; k++) {
                                double a = rec[row * width + k];
                                dot += a * target[k];
                                na += a * a;
                                nb += target[k] * target[k];
                            }
                            double cos = dot / (Math.sqrt(na + 1e-12) * Math.sqrt(nb + 1e-12));
                            sum += Math.pow(Math.max(0, 1 - cos), gc.beta());
                            rows++;
                        }
                    }
                    boolean present = false;
                    for (int f = 0; f < t; f++) {
                        present |= graphOf[(p * n + i) * t + f] >= 0;
                    }
                    if (!present) {
                        continue;
                    }
                    seqSum += sum;
                    seqCount += rows;
                    float[] seq = new float[3 * t * v];
                    for (int c = 0; c < 3; c++) {
                        for (int f = 0; f < t; f++) {
                            for (int j = 0; j < v; j++) {
                                seq[(c * t + f) * v + j] = x[at(i, c, f, j, p, t, v, m)];
                            }
                        }
                    }
                    persons.add(new Reconstructions.Person(p, rows == 0 ? Double.NaN : sum / rows, allFrames, kept,
                            Reconstructions.masked(allFrames, kept, v, written),
                            Reconstructions.frames(seq, 0, t, v, written), null));
                }
                int label = b.labels()[i];
                List<String> names = data.dataset().classNames();
                out.add(new Reconstructions.Sequence(ids[i], label,
                        label >= 0 && label < names.size() ? names.get(label) : String.valueOf(label), pos[i],
                        seqCount == 0 ? Double.NaN : seqSum / seqCount, written, persons));
            }
        }
        String what = gc.target() == GinConfig.Target.RAW
                ? "vectors of three values compared with the coordinates by cosine only (their length is not trained), so not drawn"
                : "the lifted joint features (" + gc.embedding() + " values per joint), not coordinates: only the ground truth and the masked joints are drawn";
        new Reconstructions(Reconstructions.SCHEMA_VERSION, cfg.experiment(), cfg.seed(), "graph",
                data.dataset().layout().name(), data.dataset().layout().jointNames(), data.dataset().layout().bones(),
                "the model's input: coordinates of the test clip (" + t + " frames sampled as PYSKL's UniformSample, no jitter), x, y, z per joint",
                "the decoder reconstructs " + what,
                "mean of (1 - cos)^" + gc.beta() + " over the masked joints of every present person-frame (the validation loss), over the whole clip",
                "last epoch", Reconstructions.SELECTION_SEED, t, out).write(runDir);
    }

    private static int at(int i, int c, int f, int j, int p, int t, int v, int m) {
        return (((i * 3 + c) * t + f) * v + j) * m + p;
    }

    private static double[] lift(double[] w, double[] b, double[] coords, int d) {
        double[] out = new double[d];
        for (int k = 0; k < d; k++) {
            out[k] = b[k] + w[k * 3] * coords[0] + w[k * 3 + 1] * coords[1] + w[k * 3 + 2] * coords[2];
        }
        return out;
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
