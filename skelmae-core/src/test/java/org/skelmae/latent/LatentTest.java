package org.skelmae.latent;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.MaskingConfig;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** KL term, nearest-code search and codebook statistics against independent computations. */
class LatentTest {

    private static MaskedBatch batch(ModelConfig cfg, long seed) {
        INDArray x = Nd4j.randn(seed, new long[]{3, 3, cfg.frames(), 25, 2});
        return MaskedBatch.of(x, new SpatioTemporalMasker(cfg.masking(), cfg.frames(), 25), cfg.framesPerTuple(), false,
                true, 1, 0, new int[]{0, 1, 2}, DataType.FLOAT);
    }

    @Test
    void klTermEqualsItsClosedForm() {
        ModelConfig cfg = Presets.load("tiny-mvae");
        ModelGraph g = MaskedAutoencoder.build(cfg, new ParameterStore(3, DataType.FLOAT), 25, true);
        MaskedBatch mb = batch(cfg, 4);
        Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
        ph.put(VaeLatent.NOISE, Nd4j.randn(5, new long[]{mb.rows(), cfg.latent().vaeDim()}));
        // spread the means and variances so the test is not about values near zero
        g.store().params().get("latent.vae.enc.b").assign(Nd4j.randn(6, new long[]{2L * cfg.latent().vaeDim()}));
        Network.Step s = g.forward(ph, List.of(VaeLatent.MEAN, VaeLatent.LOG_VARIANCE));
        double[][] mu = s.arrays().get(VaeLatent.MEAN).toDoubleMatrix();
        double[][] lv = s.arrays().get(VaeLatent.LOG_VARIANCE).toDoubleMatrix();
        double kl = 0;
        for (int i = 0; i < mu.length; i++) {
            for (int d = 0; d < mu[i].length; d++) {
                double var = Math.exp(lv[i][d]);
                // KL(N(mu, var) || N(0, 1)) = ½ (var + mu² − 1 − ln var)
                kl += 0.5 * (var + mu[i][d] * mu[i][d] - 1 - Math.log(var));
            }
        }
        kl /= mu.length;
        assertEquals(kl, s.scalars().get("loss.kl"), 1e-5 * Math.max(1, kl));
        assertEquals(s.scalars().get("loss.reconstruction") + cfg.latent().klWeight() * s.scalars().get("loss.kl"),
                s.scalars().get("loss"), 1e-5);
    }

    @Test
    void nearestCodeMatchesBruteForce() {
        ModelConfig cfg = Presets.load("tiny-mvqvae");
        ModelGraph g = MaskedAutoencoder.build(cfg, new ParameterStore(8, DataType.FLOAT), 25, true);
        g.store().params().get("latent.vq.codebook").assign(Nd4j.randn(9, g.store().params().get("latent.vq.codebook").shape()));
        MaskedBatch mb = batch(cfg, 10);
        Network.Step s = g.forward(mb.placeholders(), List.of(VqLatent.INPUT, VqLatent.CODES));
        double[][] z = s.arrays().get(VqLatent.INPUT).toDoubleMatrix();
        double[][] e = g.store().params().get("latent.vq.codebook").toDoubleMatrix();
        long[] codes = s.arrays().get(VqLatent.CODES).toLongVector();
        for (int i = 0; i < z.length; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < e.length; k++) {
                double d = 0;
                for (int c = 0; c < z[i].length; c++) {
                    d += (z[i][c] - e[k][c]) * (z[i][c] - e[k][c]);
                }
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            assertEquals(best, codes[i], "token " + i);
        }
        double codebookLoss = 0;
        for (int i = 0; i < z.length; i++) {
            for (int c = 0; c < z[i].length; c++) {
                double diff = z[i][c] - e[(int) codes[i]][c];
                codebookLoss += diff * diff;
            }
        }
        codebookLoss /= (double) z.length * z[0].length;
        assertEquals(codebookLoss, s.scalars().get("loss.codebook"), 1e-5 * codebookLoss);
        assertEquals(codebookLoss, s.scalars().get("loss.commitment"), 1e-5 * codebookLoss, "same value, other gradient");
    }

    @Test
    void perplexityAndDeadCodesOnKnownAssignments() {
        CodebookUsage uniform = CodebookUsage.of(new long[]{0, 1, 2, 3, 0, 1, 2, 3}, 4);
        assertEquals(4.0, uniform.perplexity(), 1e-12);
        assertEquals(0, uniform.deadCodes());
        CodebookUsage one = CodebookUsage.of(new long[]{2, 2, 2}, 8);
        assertEquals(1.0, one.perplexity(), 1e-12);
        assertEquals(7, one.deadCodes());
        CodebookUsage skewed = CodebookUsage.of(new long[]{0, 0, 0, 1}, 4);
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(Math.exp(h), skewed.perplexity(), 1e-12);
        assertEquals(2, skewed.deadCodes());
    }

    @Test
    void maskingConfigIsPartOfTheLatentWidth() {
        ModelConfig cfg = Presets.load("paper-mvae").withMasking(new MaskingConfig(0.4, 0.6));
        // 72 frames x 10 joints = 720 visible tokens: the +14 M of the paper's Table 8 (docs/method.md, "Latents and losses")
        assertEquals(14.0e6, org.skelmae.model.CostModel.of(cfg, 25, 2, 60).latentParams(), 0.1e6);
    }
}
