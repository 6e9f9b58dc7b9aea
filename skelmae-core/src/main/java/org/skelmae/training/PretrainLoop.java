package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.latent.CodebookUsage;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.Seeds;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masked pre-training (SPEC §3, §5): every epoch trains on the whole training split (labels unused),
 * then measures the loss on the test split in evaluation mode with masks from one seed for all runs, at the
 * configuration's validation masking and on masked positions only: the validation loss is the
 * masked-reconstruction error (plus the latent's term) on one protocol, whatever masking the run trained
 * with, so a variant that masks less, or a fault that masks nothing, cannot look better by reconstructing
 * what it was shown. The checkpoint
 * with the lowest validation loss is kept as {@code best}, the latest as {@code last}; a run found with
 * a {@code last} checkpoint continues after its last completed epoch.
 */
public final class PretrainLoop {

    /**
     * @param history        every epoch's metrics
     * @param bestEpoch      epoch with the lowest validation loss
     * @param bestValidation that loss
     */
    public record Outcome(List<EpochMetrics> history, int bestEpoch, double bestValidation) {
    }

    /**
     * Seed of the validation masks: the same for every run, so runs of any seed, method or variant are validated
     * on the same masked positions and their differences are not mask-sampling noise.
     */
    static final long VALIDATION_MASK_SEED = Seeds.of(0, "validation");

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final RunDirectory dir;
    private final Progress progress;

    public PretrainLoop(ExperimentConfig cfg, LoadedDataset data, RunDirectory dir, Progress progress) {
        this.cfg = cfg;
        this.data = data;
        this.dir = dir;
        this.progress = progress;
    }

    public Outcome run() throws IOException {
        ModelConfig mc = cfg.model();
        TrainingConfig tc = cfg.training();
        int joints = data.dataset().layout().joints();
        ParameterStore store = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        ModelGraph train = MaskedAutoencoder.build(mc, store, joints, true);
        ModelConfig validation = mc.forValidation();
        ModelGraph eval = MaskedAutoencoder.build(validation, store, joints, false);
        Adam adam = new Adam(tc.beta1(), tc.beta2(), tc.epsilon(), tc.weightDecay());
        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        int bestEpoch = 0;
        double best = Double.POSITIVE_INFINITY;
        if (dir.state() == RunDirectory.State.RESUME) {
            Checkpoint.Meta m = Checkpoint.restore(dir.checkpoint("last"), store, adam, cfg.sha256());
            history.addAll(m.history());
            start = m.epochsCompleted();
            bestEpoch = m.bestEpoch();
            best = m.bestValue();
            dir.writeMetrics(history);
        }
        train.syncFromStore();
        SamplePipeline pipeline = new SamplePipeline(mc.sampling());
        SpatioTemporalMasker masker = new SpatioTemporalMasker(mc.masking(), mc.frames(), joints);
        SpatioTemporalMasker validationMasker = new SpatioTemporalMasker(validation.masking(), mc.frames(), joints);
        int[] trainIdx = data.split().train();
        int perPass = trainIdx.length / tc.batchSize();
        if (perPass == 0) {
            throw new IllegalArgumentException("batch size " + tc.batchSize() + " exceeds the " + trainIdx.length + " training samples");
        }
        Schedule sched = tc.resolve(perPass);
        int its = sched.iterationsPerEpoch();
        double base = cfg.baseLearningRate();
        TrainLog log = new TrainLog(progress, cfg.tag(), "pretrain", (long) (sched.epochs() - start) * its);
        if (sched.extended()) {
            log.info(sched.extensionNote());
        }
        log.info(sched.describe());
        if (start > 0) {
            log.info("resuming after epoch " + start + " from " + dir.checkpoint("last"));
        }
        for (int epoch = start; epoch < sched.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lr = sched.learningRateAtEpoch(base, epoch);
            Map<String, Double> sums = new LinkedHashMap<>();
            long[] codeCounts = new long[mc.latent().codebookSize()];
            long samples = 0;
            int it = 0;
            for (int pass = 0; pass < sched.passesPerEpoch(); pass++) {
                try (BatchLoader loader = new BatchLoader(data.dataset(), trainIdx, tc.batchSize(), true, pipeline,
                        Seeds.of(cfg.seed(), "data"), epoch * sched.passesPerEpoch() + pass)) {
                    while (loader.hasNext()) {
                        try (Batch b = loader.next()) {
                            long step = (long) epoch * its + it;
                            lr = sched.learningRate(base, step);
                            MaskedBatch mb = MaskedBatch.of(b.x(), masker, mc.framesPerTuple(),
                                    mc.loss().positions() == org.skelmae.model.LossConfig.Positions.ALL,
                                    mc.loss().dropEmptyPersons(), Seeds.of(cfg.seed(), "mask"), step, b.indices(), DataType.FLOAT);
                            Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
                            addNoise(ph, mc, mb.rows(), masker, Seeds.of(cfg.seed(), "noise") + step);
                            ModelGraph.Step s = train.step(ph, train.parameters(), mb.rows(), mc.bnMomentum());
                            double loss = s.scalars().get(MaskedAutoencoder.LOSS);
                            if (!Double.isFinite(loss)) {
                                throw new DivergenceException(String.format("[%s] pre-training diverged at epoch %d iteration %d: loss is %s;"
                                        + " the last good checkpoint is %s (after epoch %d)", cfg.tag(), epoch + 1, it + 1, loss,
                                        dir.checkpoint("last"), history.size()));
                            }
                            adam.step(store.params(), s.gradients(), lr);
                            s.scalars().forEach((k, v) -> sums.merge(k, v, Double::sum));
                            INDArray codes = s.arrays().get(VqLatent.CODES);
                            if (codes != null) {
                                for (long c : codes.toLongVector()) {
                                    codeCounts[(int) c]++;
                                }
                            }
                            s.close();
                            mb.close();
                            ph.values().forEach(a -> {
                                if (!a.wasClosed()) {
                                    a.close();
                                }
                            });
                            samples += b.size();
                            it++;
                            double sps = samples / ((System.nanoTime() - t0) / 1e9);
                            if (tc.logEvery() > 0 && it % tc.logEvery() == 0) {
                                log.iteration(epoch + 1, sched.epochs(), it, its, s.scalars(), lr, sps);
                            } else {
                                log.counted();
                            }
                        }
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> trainMeans = new LinkedHashMap<>();
            int n = it;
            sums.forEach((k, v) -> trainMeans.put(k, v / n));
            if (mc.latent().type() == LatentType.VQ) {
                CodebookUsage u = CodebookUsage.of(codeCounts);
                trainMeans.put("vq.perplexity", u.perplexity());
                trainMeans.put("vq.deadCodes", (double) u.deadCodes());
            }
            eval.syncFromStore();
            Map<String, Double> validated = validate(eval, pipeline, validationMasker);
            EpochMetrics m = new EpochMetrics(epoch + 1, lr, trainMeans, validated, samples / trainSeconds,
                    (System.nanoTime() - t0) / 1e9);
            history.add(m);
            double v = validated.get(MaskedAutoencoder.LOSS);
            if (v < best) {
                best = v;
                bestEpoch = epoch + 1;
                Checkpoint.save(dir.checkpoint("best"), store, null, meta(history, bestEpoch, best, adam));
            }
            Checkpoint.save(dir.checkpoint("last"), store, adam, meta(history, bestEpoch, best, adam));
            dir.writeMetrics(history);
            log.epoch(m, sched.epochs());
        }
        train.close();
        eval.close();
        return new Outcome(history, bestEpoch, best);
    }

    private Checkpoint.Meta meta(List<EpochMetrics> history, int bestEpoch, double best, Adam adam) {
        return new Checkpoint.Meta(Checkpoint.SCHEMA_VERSION, cfg.kind().name().toLowerCase(java.util.Locale.ROOT),
                cfg.sha256(), history.size(), adam.steps(), bestEpoch, best, List.copyOf(history));
    }

    /**
     * Loss parts on the test split, evaluation mode, masks of the validation masking from a fixed seed, the
     * reconstruction on masked positions only, z = μ for the VAE.
     */
    private Map<String, Double> validate(ModelGraph eval, SamplePipeline pipeline, SpatioTemporalMasker masker) {
        ModelConfig mc = cfg.model();
        Map<String, Double> sums = new LinkedHashMap<>();
        long rows = 0;
        int batch = 0;
        try (BatchLoader loader = new BatchLoader(data.dataset(), data.split().test(), cfg.training().batchSize(), false,
                pipeline, 0, 0)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    MaskedBatch mb = MaskedBatch.of(b.x(), masker, mc.framesPerTuple(), false, mc.loss().dropEmptyPersons(),
                            VALIDATION_MASK_SEED, batch++, b.indices(), DataType.FLOAT);
                    ModelGraph.Step s = eval.forward(mb.placeholders(), List.of());
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
