package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.engine.Engine;
import org.skelmae.latent.CodebookUsage;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.LossConfig;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Seeds;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        java.util.Arrays.fill(codeCounts, 0);
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
     * VAE reparameterisation noise for this step, from a seed so a resumed run draws the same; drawn on
     * the host so no process-wide random state is involved when experiments run in parallel.
     */
    public static void addNoise(Map<String, INDArray> ph, ModelConfig mc, int rows, SpatioTemporalMasker masker, long seed) {
        if (mc.latent().type() != LatentType.VAE) {
            return;
        }
        long n = mc.latent().vaeForm() == VaeForm.GLOBAL ? rows : (long) rows * masker.keptFrames() * masker.keptJoints();
        int dim = mc.latent().vaeDim();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] eps = new float[Math.toIntExact(n * dim)];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) rng.nextGaussian();
        }
        ph.put(VaeLatent.NOISE, Nd4j.create(eps, new long[]{n, dim}, 'c'));
    }
}
