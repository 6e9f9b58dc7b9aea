package org.skelmae.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.sampling.SamplingConfig;
import org.skelmae.latent.LatentConfig;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.MaskingConfig;
import org.skelmae.masking.SpatioTemporalMasker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Very small configurations (T = 4, V = 5) for gradient checks and exact comparisons. */
final class MicroModels {

    static final int JOINTS = 5;
    static final int PERSONS = 2;

    private MicroModels() {
    }

    static ModelConfig config(LatentType type, VaeForm form) {
        return new ModelConfig("micro-" + type, 2, 4, 2, 3, 3, true, true, true,
                List.of(new BlockSpec(4, 4, 2), new BlockSpec(4, 6, 2)), List.of(new BlockSpec(6, 4, 2)),
                new MaskingConfig(0.5, 0.4), null, new LatentConfig(type, 3, form, 0.5, -30, 20, 6, 0.25),
                LossConfig.paper(), new SamplingConfig(4, 0.5, 1, 2, 0.95, 0.3), 0.1, 0.1, 1e-5, 0);
    }

    /** A random (N, 3, T, V, M) batch whose second person is absent in sample 0. */
    static INDArray input(int n, long seed, DataType dtype) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * 3 * 4 * JOINTS * PERSONS];
        for (int i = 0; i < v.length; i++) {
            boolean absent = i < 3 * 4 * JOINTS * PERSONS && i % PERSONS == 1;
            v[i] = absent ? 0 : r.nextGaussian();
        }
        return Nd4j.create(v, new long[]{n, 3, 4, JOINTS, PERSONS}, 'c').castTo(dtype);
    }

    static MaskedBatch masked(ModelConfig cfg, INDArray x, DataType dtype) {
        int[] ids = new int[(int) x.size(0)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return MaskedBatch.of(x, new SpatioTemporalMasker(cfg.masking(), cfg.frames(), JOINTS), cfg.framesPerTuple(),
                cfg.loss().positions() == LossConfig.Positions.ALL, cfg.loss().dropEmptyPersons(), 5, 0, ids, dtype);
    }

    static Map<String, INDArray> placeholders(ModelConfig cfg, MaskedBatch mb, DataType dtype, long noiseSeed) {
        Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
        if (cfg.latent().type() == LatentType.VAE) {
            SpatioTemporalMasker m = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), JOINTS);
            long rows = cfg.latent().vaeForm() == VaeForm.GLOBAL ? mb.rows() : (long) mb.rows() * m.keptFrames() * m.keptJoints();
            ph.put("vae_noise", Nd4j.randn(noiseSeed, new long[]{rows, cfg.latent().vaeDim()}).castTo(dtype));
        }
        return ph;
    }
}
