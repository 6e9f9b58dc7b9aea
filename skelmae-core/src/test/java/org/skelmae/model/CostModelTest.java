package org.skelmae.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.latent.LatentConfig;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter counts against the presets and latents of docs/method.md ("Training recipes", "Latents and losses") and
 * against the built graphs; MACs against "Training recipes".
 */
class CostModelTest {

    private static void within(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, Math.abs(expected) * tolerance, what + ": " + actual + " vs " + expected);
    }

    @Test
    void blockParameterCountsMatchTheSpec() {
        ModelConfig cfg = Presets.load("paper-mvae");
        assertEquals(152_143, CostModel.blockParams(new BlockSpec(64, 64, 16), cfg, 150));
        assertEquals(294_895, CostModel.blockParams(new BlockSpec(64, 128, 32), cfg, 150));
        assertEquals(404_719, CostModel.blockParams(new BlockSpec(128, 128, 32), cfg, 150));
        assertEquals(972_847, CostModel.blockParams(new BlockSpec(128, 256, 64), cfg, 150));
        assertEquals(1_413_679, CostModel.blockParams(new BlockSpec(256, 256, 64), cfg, 150));
    }

    @Test
    void paperPresetsAreWithinTwoPercentOfTheSpec() {
        CostModel.Cost mae = CostModel.of(Presets.load("paper-mae"), 25, 2, 60);
        within(6.22e6, mae.encoderParams(), 0.02, "8-block encoder + input map");
        within(5.97e6, mae.decoderParams(), 0.02, "Table-9 decoder + output layer");
        within(12.19e6, mae.pretrainParams(), 0.02, "SkeletonMAE encoder + decoder");
        CostModel.Cost vq = CostModel.of(Presets.load("paper-mvqvae"), 25, 2, 60);
        within(9.55e6, vq.pretrainParams(), 0.02, "Table-10 SkeletonMVQVAE");
        CostModel.Cost vae = CostModel.of(Presets.load("paper-mvae"), 25, 2, 60);
        long dflat = 256L * 72 * 15;
        assertEquals(dflat * 50 + 50 + 25 * dflat + dflat, vae.latentParams(), "VAE heads, docs/method.md, Latents and losses: 75·Dflat + Dflat + 50");
        within(21.0e6, vae.latentParams(), 0.01, "+21.0 M at 1,080 visible tokens");
    }

    @Test
    void macsMatchTheSpecEstimates() {
        CostModel.Cost c = CostModel.of(Presets.load("paper-mvae"), 25, 2, 60);
        within(19.1e9, c.encoderMacsFull(), 0.02, "encoder on the full 20x150 grid");
        within(6.6e9, c.encoderMacsMasked(), 0.02, "encoder on the visible 12x90 grid");
        within(18.6e9, c.decoderMacs(), 0.02, "Table-9 decoder on the full grid");
        within(76e9, c.classifierForwardFlopsPerSample(), 0.02, "fine-tuning forward FLOPs per 2-person sample");
    }

    @Test
    void countsAgreeWithTheBuiltGraphs() {
        for (String preset : List.of("tiny-mae", "tiny-mvae", "tiny-mvqvae", "cpu-mae", "cpu-mvae", "cpu-mvqvae")) {
            ModelConfig cfg = Presets.load(preset);
            ParameterStore store = new ParameterStore(1, DataType.FLOAT);
            MaskedAutoencoder.build(cfg, store, 20, false);
            CostModel.Cost cost = CostModel.of(cfg, 20, 1, 10);
            assertEquals(cost.encoderParams(), store.parameterCount(SttEncoder.PREFIX), preset + " encoder");
            assertEquals(cost.decoderParams(), store.parameterCount(SttDecoder.PREFIX), preset + " decoder");
            assertEquals(cost.latentParams(), store.parameterCount("latent."), preset + " latent");
            ParameterStore cls = new ParameterStore(1, DataType.FLOAT);
            SkeletonClassifier.build(cfg, cls, 20, 1, 10, false, false);
            assertEquals(cost.classifierParams(), cls.parameterCount(), preset + " classifier");
        }
        ModelConfig perToken = Presets.load("tiny-mvae").withLatent(new LatentConfig(LatentType.VAE, 25, VaeForm.PER_TOKEN, 0.005, -30, 20, 128, 0.25));
        ParameterStore store = new ParameterStore(1, DataType.FLOAT);
        MaskedAutoencoder.build(perToken, store, 20, false);
        assertEquals(CostModel.of(perToken, 20, 1, 10).latentParams(), store.parameterCount("latent."));
    }
}
