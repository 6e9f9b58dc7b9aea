package org.skelmae.model;

import org.junit.jupiter.api.Test;
import org.skelmae.masking.MaskingConfig;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pre-training is validated on one protocol: the validation masking stays put when a variant changes the training masking. */
class ValidationMaskingTest {

    @Test
    void aVariantsMaskingLeavesTheValidationProtocolAlone() {
        ModelConfig preset = Presets.load("cpu-mae");
        assertEquals(preset.masking(), preset.validationMasking(), "presets validate at their own masking");
        ModelConfig variant = preset.withMasking(new MaskingConfig(0.6, 0.6));
        assertEquals(new MaskingConfig(0.6, 0.6), variant.masking());
        assertEquals(preset.masking(), variant.validationMasking());
        ModelConfig validation = variant.forValidation();
        assertEquals(preset.masking(), validation.masking(), "the validation graph masks at the validation rates");
        ModelConfig back = Json.mapper().convertValue(Json.mapper().valueToTree(variant), ModelConfig.class);
        assertEquals(variant, back, "both maskings survive config.json");
    }

    @Test
    void aValidationMaskingThatMasksNothingIsRefused() {
        ModelConfig p = Presets.load("tiny-mae");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new ModelConfig(p.name(), p.framesPerTuple(),
                p.inputChannels(), p.heads(), p.temporalKernel(), p.spatialKernel(), p.positionalEncoding(), p.inputEmbedding(),
                p.decoderEmbedding(), p.encoder(), p.decoder(), p.masking(), new MaskingConfig(0, 0), p.latent(), p.loss(), p.sampling(),
                p.leakySlope(), p.bnMomentum(), p.bnEpsilon(), p.dropout()));
        assertTrue(e.getMessage().contains("validationMasking masks nothing"), e.getMessage());
        // training with nothing masked is allowed (an autoencoder ablation): it is still validated on masked positions
        assertEquals(p.masking(), p.withMasking(new MaskingConfig(0, 0)).validationMasking());
    }
}
