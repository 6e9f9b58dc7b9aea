package org.skelmae.libtorch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.engine.Engine;
import org.skelmae.latent.LatentConfig;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.training.PretrainPhase;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Masked pre-training on libtorch against the ND4J engine, each latent, in float64: from stores of the same seed and
 * the same masked batch, one training step gives the same loss and loss parts, the same gradient for every parameter,
 * the same BatchNorm running averages and (VQ) the same codes; then the evaluation networks, built for the validation
 * masking as a run builds them, give the same loss parts and reconstruction.
 */
class PretrainingParityTest {

    private static final int JOINTS = 25;
    private static final int PERSONS = 2;
    private static final int BATCH = 3;
    private static final Engine LIBTORCH = Engine.named("libtorch");

    @BeforeAll
    static void engine() {
        LibTorch.init(2);
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * @param variant "" for the preset as it is, "per-token" for a per-token VAE, "wide-decoder" for a decoder wider
     *                than the encoder (the latent's 1×1 width adapter)
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"tiny-mae, ''", "tiny-mae, wide-decoder", "tiny-mvae, ''", "tiny-mvae, per-token", "tiny-mvqvae, ''",
            "tiny-mvqvae, wide-decoder"})
    void oneStepAndValidationMatchTheNd4jEngine(String preset, String variant) {
        ModelConfig cfg = variant(Presets.load(preset), variant);
        ParameterStore nd4jStore = new ParameterStore(7, DataType.DOUBLE);
        ParameterStore torchStore = new ParameterStore(7, DataType.DOUBLE);
        try (Network nd4j = Engine.ND4J.maskedAutoencoder(cfg, nd4jStore, JOINTS, true);
             Network libtorch = LIBTORCH.maskedAutoencoder(cfg, torchStore, JOINTS, true)) {
            assertEquals(nd4j.parameters(), libtorch.parameters(), "parameters");
            assertEquals(nd4j.lossNames(), libtorch.lossNames(), "loss parts");
            MaskedBatch mb = batch(cfg, 41);
            Map<String, INDArray> inputs = new HashMap<>(mb.placeholders());
            PretrainPhase.addNoise(inputs, cfg, mb.rows(), masker(cfg), 9);
            inputs.replaceAll((k, v) -> v.dataType() == DataType.FLOAT ? v.castTo(DataType.DOUBLE) : v);
            Network.Step a = nd4j.step(inputs, nd4j.parameters(), mb.rows(), cfg.bnMomentum());
            Network.Step b = libtorch.step(inputs, libtorch.parameters(), mb.rows(), cfg.bnMomentum());
            assertScalars(a.scalars(), b.scalars(), "training step");
            assertEquals(a.arrays().keySet(), b.arrays().keySet(), "extra outputs");
            if (a.arrays().containsKey(VqLatent.CODES)) {
                assertArrayEquals(a.arrays().get(VqLatent.CODES).toLongVector(), b.arrays().get(VqLatent.CODES).toLongVector(), "codes");
            }
            assertEquals(a.gradients().keySet(), b.gradients().keySet(), "parameters with a gradient");
            double largest = a.gradients().values().stream().mapToDouble(g -> g.norm2Number().doubleValue()).max().orElseThrow();
            for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
                INDArray g = b.gradients().get(e.getKey());
                assertEquals(Arrays.toString(e.getValue().shape()), Arrays.toString(g.shape()), e.getKey() + " shape");
                double diff = e.getValue().sub(g).norm2Number().doubleValue() / Math.max(e.getValue().norm2Number().doubleValue(), 1e-6 * largest);
                assertTrue(diff < 1e-7, e.getKey() + ": gradients differ by " + diff + " (relative L2)");
            }
            nd4jStore.state().forEach((name, s) -> {
                double diff = s.sub(torchStore.state().get(name)).norm2Number().doubleValue() / Math.max(s.norm2Number().doubleValue(), 1e-12);
                assertTrue(diff < 1e-9, name + " after the step: differs by " + diff);
            });
            a.close();
            mb.close();
        }

        ModelConfig validation = cfg.forValidation();
        try (Network nd4j = Engine.ND4J.maskedAutoencoder(validation, nd4jStore, JOINTS, false);
             Network libtorch = LIBTORCH.maskedAutoencoder(validation, torchStore, JOINTS, false)) {
            nd4j.syncFromStore();
            libtorch.syncFromStore();
            MaskedBatch mb = batch(validation, 43);
            Map<String, INDArray> inputs = new HashMap<>(mb.placeholders());
            inputs.replaceAll((k, v) -> v.dataType() == DataType.FLOAT ? v.castTo(DataType.DOUBLE) : v);
            Network.Step a = nd4j.forward(inputs, List.of(MaskedAutoencoder.RECONSTRUCTION));
            Network.Step b = libtorch.forward(inputs, List.of(MaskedAutoencoder.RECONSTRUCTION));
            assertScalars(a.scalars(), b.scalars(), "validation");
            INDArray ra = a.arrays().get(MaskedAutoencoder.RECONSTRUCTION);
            double diff = ra.sub(b.arrays().get(MaskedAutoencoder.RECONSTRUCTION)).norm2Number().doubleValue() / ra.norm2Number().doubleValue();
            assertTrue(diff < 1e-9, "reconstructions differ by " + diff);
            a.close();
            mb.close();
        }
    }

    private static ModelConfig variant(ModelConfig cfg, String variant) {
        return switch (variant) {
            case "per-token" -> {
                LatentConfig l = cfg.latent();
                yield cfg.withLatent(new LatentConfig(l.type(), l.vaeDim(), VaeForm.PER_TOKEN, l.klWeight(), l.logVarMin(),
                        l.logVarMax(), l.codebookSize(), l.commitment()));
            }
            case "wide-decoder" -> cfg.withDecoder(List.of(new BlockSpec(16, 8, 4)));
            default -> cfg;
        };
    }

    private static SpatioTemporalMasker masker(ModelConfig cfg) {
        return new SpatioTemporalMasker(cfg.masking(), cfg.frames(), JOINTS);
    }

    /** A masked batch of random two-person sequences (every person present). */
    private static MaskedBatch batch(ModelConfig cfg, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, BATCH, 3, cfg.frames(), JOINTS, PERSONS).subi(0.5);
        return MaskedBatch.of(x, masker(cfg), cfg.framesPerTuple(), false, true, seed, 0, new int[]{0, 1, 2}, DataType.DOUBLE);
    }

    private static void assertScalars(Map<String, Double> expected, Map<String, Double> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": scalars");
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), 1e-10 * Math.max(Math.abs(v), 1e-6), what + ": " + k));
    }
}
