package org.skelmae.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.sampling.Batch;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step of {@link ModelGraph} releases each array at its last use, where SameDiff's own
 * {@code calculateGradientsAndOutputs} keeps all of them to the end of the step. The gradients and the loss
 * must be the same bit for bit, and the step must need much less memory.
 */
class ReleasingStepTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mae", "tiny-mvae", "tiny-mvqvae"})
    void sameGradientsBitForBitInAFractionOfTheMemory(String preset) {
        ModelConfig cfg = Presets.load(preset);
        ParameterStore store = new ParameterStore(7, DataType.FLOAT);
        ModelGraph mae = MaskedAutoencoder.build(cfg, store, 25, true);
        try (Batch b = ModelShapesTest.batch(cfg, 4)) {
            SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), 25);
            MaskedBatch mb = MaskedBatch.of(b.x(), masker, cfg.framesPerTuple(), false, true, 3, 0, b.indices(), DataType.FLOAT);
            Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
            if (cfg.latent().type() == LatentType.VAE) {
                long rows = cfg.latent().vaeForm() == VaeForm.GLOBAL ? 4
                        : 4L * (masker.keptFrames() / cfg.framesPerTuple()) * cfg.framesPerTuple() * masker.keptJoints();
                ph.put(VaeLatent.NOISE, Nd4j.randn(DataType.FLOAT, rows, cfg.latent().vaeDim()));
            }

            // SameDiff's own pass, through the same pool: nothing is released before the step ends
            BufferPool keeping = new BufferPool(Long.MAX_VALUE);
            keeping.attach(mae.sameDiff());
            OutAndGrad reference = mae.sameDiff().calculateGradientsAndOutputs(ph, mae.lossNames(), mae.parameters());
            Map<String, INDArray> expected = new LinkedHashMap<>();
            reference.getGradients().forEach((k, v) -> expected.put(k, v.dup()));
            double expectedLoss = reference.getOutputs().get(MaskedAutoencoder.LOSS).getDouble(0);
            keeping.releaseAll();
            long keptBytes = keeping.ownedBytes();
            keeping.close();

            Network.Step step = mae.step(ph, mae.parameters(), mb.rows(), 0.1);
            assertEquals(expectedLoss, step.scalars().get(MaskedAutoencoder.LOSS), 0.0, "loss");
            assertEquals(expected.keySet(), step.gradients().keySet());
            expected.forEach((name, g) -> assertTrue(Arrays.equals(g.data().asFloat(), step.gradients().get(name).data().asFloat()),
                    name + ": gradient differs"));
            long releasingBytes = mae.pool().ownedBytes();
            System.out.printf("%s: step working set %.1f MB with releases, %.1f MB without%n", preset, releasingBytes / 1e6, keptBytes / 1e6);
            assertTrue(releasingBytes < keptBytes / 2, "with releases " + releasingBytes + " bytes, without " + keptBytes);
            step.close();
            mb.close();
        }
        mae.close();
    }
}
