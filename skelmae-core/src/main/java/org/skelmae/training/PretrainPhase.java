package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.ClassifierInputs;
import org.skelmae.evaluation.Embeddings;
import org.skelmae.latent.CodebookUsage;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SequenceMask;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.LossConfig;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SttEncoder;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Masked pre-training (docs/method.md, "Encoder, decoder and positions under masking" and "Training recipes"): every
 * epoch trains on the whole training split (labels
 * unused), then measures the loss on the test split in evaluation mode with masks from one seed for all runs, at
 * the configuration's validation masking and on masked positions only: the validation loss is the
 * masked-reconstruction error (plus the latent's term) on one protocol, whatever masking the run trained with, so
 * a variant that masks less, or a fault that masks nothing, cannot look better by reconstructing what it was
 * shown. The lowest validation loss picks the {@code best} checkpoint.
 */
public final class PretrainPhase implements TrainingPhase {

    /**
     * Seed of the validation masks: the same for every run, so runs of any seed, method or variant are validated
     * on the same masked positions and their differences are not mask-sampling noise.
     */
    static final long VALIDATION_MASK_SEED = Seeds.of(0, "validation");

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final ModelConfig mc;
    private final Model model;
    private final SpatioTemporalMasker masker;
    private final SpatioTemporalMasker validationMasker;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private final long[] codeCounts;

    public PretrainPhase(ExperimentConfig cfg, LoadedDataset data) {
        this.cfg = cfg;
        this.data = data;
        this.mc = cfg.sttformer();
        int joints = data.dataset().layout().joints();
        ParameterStore store = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        Engine engine = Engine.selected();
        Network train = engine.maskedAutoencoder(mc, store, joints, true);
        ModelConfig validation = mc.forValidation();
        Network eval = engine.maskedAutoencoder(validation, store, joints, false);
        this.model = new Model(store, train, eval, train.parameters(), new SamplePipeline(mc.sampling()));
        this.masker = new SpatioTemporalMasker(mc.masking(), mc.frames(), joints);
        this.validationMasker = new SpatioTemporalMasker(validation.masking(), mc.frames(), joints);
        this.codeCounts = new long[mc.latent().codebookSize()];
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
    public Inputs inputs(Batch b, long step) {
        MaskedBatch mb = MaskedBatch.of(b.x(), masker, mc.framesPerTuple(), mc.loss().positions() == LossConfig.Positions.ALL,
                mc.loss().dropEmptyPersons(), Seeds.of(cfg.seed(), "mask"), step, b.indices(), DataType.FLOAT);
        Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
        addNoise(ph, mc, mb.rows(), masker, Seeds.of(cfg.seed(), "noise") + step);
        return new Inputs(ph, mb.rows(), () -> {
            mb.close();
            ph.values().forEach(a -> {
                if (!a.wasClosed()) {
                    a.close();
                }
            });
        });
    }

    @Override
    public String lossName() {
        return MaskedAutoencoder.LOSS;
    }

    @Override
    public void observe(Batch b, Network.Step s) {
        s.scalars().forEach((k, v) -> sums.merge(k, v, Double::sum));
        INDArray codes = s.arrays().get(VqLatent.CODES);
        if (codes != null) {
            for (long c : codes.toLongVector()) {
                codeCounts[(int) c]++;
            }
        }
    }

    @Override
    public Map<String, Double> logged(Network.Step s) {
        return s.scalars();
    }

    @Override
    public Map<String, Double> endEpoch(int steps, long samples) {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / steps));
        if (mc.latent().type() == LatentType.VQ) {
            CodebookUsage u = CodebookUsage.of(codeCounts);
            means.put("vq.perplexity", u.perplexity());
            means.put("vq.deadCodes", (double) u.deadCodes());
        }
        sums.clear();
        Arrays.fill(codeCounts, 0);
        return means;
    }

    /**
     * Loss parts on the test split, evaluation mode, masks of the validation masking from a fixed seed, the
     * reconstruction on masked positions only, z = μ for the VAE.
     */
    @Override
    public Map<String, Double> validate() {
        Map<String, Double> sums = new LinkedHashMap<>();
        long rows = 0;
        int batch = 0;
        try (BatchLoader loader = new BatchLoader(data.dataset(), data.split().test(), cfg.training().batchSize(), false,
                model.pipeline(), 0, 0)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    MaskedBatch mb = MaskedBatch.of(b.x(), validationMasker, mc.framesPerTuple(), false, mc.loss().dropEmptyPersons(),
                            VALIDATION_MASK_SEED, batch++, b.indices(), DataType.FLOAT);
                    Network.Step s = model.eval().forward(mb.placeholders(), List.of());
                    int r = mb.rows();
                    s.scalars().forEach((k, v) -> sums.merge(k, v * r, Double::sum));
                    rows += r;
                    mb.close();
                }
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        long total = rows;
        sums.forEach((k, v) -> means.put(k, v / total));
        return means;
    }

    @Override
    public String selectionMetric() {
        return MaskedAutoencoder.LOSS;
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /**
     * Writes {@link Reconstructions#FILE}: the last epoch's model, in evaluation mode, on the fixed handful of test
     * sequences with their validation masks (those {@link #validate()} scores: the validation batch of a sequence is
     * its test position over the batch size). The decoder outputs centred coordinates directly (no per-patch
     * normalisation of the target), so its output is written as it is at the masked positions. The error is the
     * validation's {@code loss.reconstruction} measure on the sequence: the squared error over its masked coordinates,
     * their mean ({@code MEAN}) or each person's sum averaged over persons ({@code SUM_PER_SAMPLE}).
     */
    @Override
    public void finish(Path runDir) throws IOException {
        Engine engine = Engine.selected();
        int joints = data.dataset().layout().joints();
        int persons = data.dataset().persons();
        int classes = data.dataset().numClasses();
        Embeddings.measure(cfg.experiment(), cfg.seed(), "sttformer",
                "encoder on the full grid of the test view, mean over tokens and persons (the linear probe's input)", data,
                store -> engine.classifier(mc, store, joints, persons, classes, false, true),
                store -> store.copyFrom(model.store(), SttEncoder.PREFIX),
                model.pipeline(), cfg.training().batchSize(), ClassifierInputs.STTFORMER).write(runDir);
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
        int t = mc.frames();
        int v = data.dataset().layout().joints();
        int bs = cfg.training().batchSize();
        boolean dropEmpty = mc.loss().dropEmptyPersons();
        boolean sum = mc.loss().reduction() == LossConfig.Reduction.SUM_PER_SAMPLE;
        int[] written = Reconstructions.writtenFrames(t);
        List<Reconstructions.Sequence> out = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(data.dataset(), ids, ids.length, false, model.pipeline(), 0, 0);
             Batch b = loader.next()) {
            int m = (int) b.x().size(4);
            float[] x = b.x().castTo(DataType.FLOAT).dup('c').data().asFloat();
            List<SequenceMask> masks = new ArrayList<>();
            List<int[]> rowOf = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                for (int p = 0; p < m; p++) {
                    if (dropEmpty && personEmpty(x, i, p, t, v, m)) {
                        continue;
                    }
                    masks.add(validationMasker.draw(new SplittableRandom(
                            BatchLoader.mix(VALIDATION_MASK_SEED, pos[i] / bs, (long) ids[i] * m + p))));
                    rowOf.add(new int[]{i, p});
                }
            }
            if (masks.isEmpty()) {
                return;
            }
            MaskedBatch mb = MaskedBatch.withMasks(b.x(), masks, mc.framesPerTuple(), false, dropEmpty, DataType.FLOAT);
            float[] full;
            float[] rec;
            try {
                Network.Step s = model.eval().forward(mb.placeholders(), List.of(MaskedAutoencoder.RECONSTRUCTION));
                try {
                    full = mb.placeholders().get(MaskedBatch.X_FULL).castTo(DataType.FLOAT).dup('c').data().asFloat();
                    rec = s.arrays().get(MaskedAutoencoder.RECONSTRUCTION).castTo(DataType.FLOAT).dup('c').data().asFloat();
                } finally {
                    s.close();
                }
            } finally {
                mb.close();
            }
            int per = 3 * t * v;
            for (int i = 0; i < ids.length; i++) {
                List<Reconstructions.Person> persons = new ArrayList<>();
                double seqSum = 0;
                long seqCount = 0;
                for (int r = 0; r < rowOf.size(); r++) {
                    if (rowOf.get(r)[0] != i) {
                        continue;
                    }
                    SequenceMask mask = masks.get(r);
                    float[] shown = new float[per];
                    double se = 0;
                    long count = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int f = 0; f < t; f++) {
                            for (int j = 0; j < v; j++) {
                                int k = (c * t + f) * v + j;
                                float truth = full[r * per + k];
                                if (mask.isMasked(f, j)) {
                                    float y = rec[r * per + k];
                                    double d = (double) y - truth;
                                    se += d * d;
                                    count++;
                                    shown[k] = y;
                                } else {
                                    shown[k] = truth;
                                }
                            }
                        }
                    }
                    seqSum += se;
                    seqCount += count;
                    persons.add(new Reconstructions.Person(rowOf.get(r)[1], sum ? se : se / count, mask.frames(), mask.joints(),
                            Reconstructions.masked(mask.frames(), mask.joints(), v, written),
                            Reconstructions.frames(full, r * per, t, v, written), Reconstructions.frames(shown, 0, t, v, written)));
                }
                double error = persons.isEmpty() ? Double.NaN : sum ? seqSum / persons.size() : seqSum / seqCount;
                int label = b.labels()[i];
                out.add(new Reconstructions.Sequence(ids[i], label, className(label), pos[i], error, written, persons));
            }
        }
        new Reconstructions(Reconstructions.SCHEMA_VERSION, cfg.experiment(), cfg.seed(), "sttformer",
                data.dataset().layout().name(), data.dataset().layout().jointNames(), data.dataset().layout().bones(),
                "the model's input: centred coordinates of the test view (centre crop resized to " + t
                        + " frames, no rotation), x, y, z per joint",
                "coordinates: the decoder outputs x, y, z at every position of the clip; the masked positions are its reconstruction",
                (sum ? "squared error summed over a person's masked coordinates, averaged over persons" : "mean squared error over the masked coordinates")
                        + " (the validation's loss.reconstruction), over the whole clip",
                "last epoch", Reconstructions.SELECTION_SEED, t, out).write(runDir);
    }

    private String className(int label) {
        List<String> names = data.dataset().classNames();
        return label >= 0 && label < names.size() ? names.get(label) : String.valueOf(label);
    }

    private static boolean personEmpty(float[] x, int i, int p, int t, int v, int m) {
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < t; f++) {
                for (int j = 0; j < v; j++) {
                    if (x[(((i * 3 + c) * t + f) * v + j) * m + p] != 0f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * VAE reparameterisation noise for this step, from a seed so a resumed run draws the same; drawn on
     * the host so no process-wide random state is involved when experiments run in parallel.
     */
    public static void addNoise(Map<String, INDArray> ph, ModelConfig mc, int rows, SpatioTemporalMasker masker, long seed) {
        if (mc.latent().type() != LatentType.VAE) {
            return;
        }
        long n = mc.latent().vaeForm() == VaeForm.GLOBAL ? rows : (long) rows * masker.keptFrames() * masker.keptJoints();
        int dim = mc.latent().vaeDim();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] eps = new float[Math.toIntExact(n * dim)];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) rng.nextGaussian();
        }
        ph.put(VaeLatent.NOISE, Nd4j.create(eps, new long[]{n, dim}, 'c'));
    }
}
