package org.skelmae.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.sampling.SamplingConfig;
import org.skelmae.latent.LatentConfig;
import org.skelmae.masking.MaskingConfig;
import org.skelmae.problem.ConfigurationException;

import java.util.List;

/**
 * Everything that shapes the model: the STTFormer encoder and decoder, masking, latent space, loss and
 * the sample pipeline. Every choice the papers leave open (docs/method.md, "Our choices where the papers are silent")
 * is a field, so an ablation is a config change.
 * The joint count V and person slots M come from the dataset.
 *
 * @param name               preset or experiment name
 * @param framesPerTuple     L, frames grouped into one tuple (6)
 * @param inputChannels      width of the input map C0 (64)
 * @param heads              attention heads H (3)
 * @param temporalKernel     inter-frame conv width kt (3)
 * @param spatialKernel      projection conv width ks (5)
 * @param positionalEncoding sinusoidal encoding on the tuple-joint index for Q and K
 * @param inputEmbedding     learnable frame + joint embedding after the input map (kept in fine-tuning)
 * @param decoderEmbedding   learnable frame + joint embedding at the decoder input
 * @param encoder            encoder blocks
 * @param decoder            decoder blocks (unused when fine-tuning)
 * @param masking            M_t and M_j of training
 * @param validationMasking  M_t and M_j at which pre-training is validated; absent means {@code masking}. It is pinned
 *                           when a variant changes {@code masking} ({@link #withMasking}), so every variant of a preset
 *                           is validated on one protocol and their validation losses compare (docs/method.md)
 * @param latent             latent space
 * @param loss               reconstruction loss form
 * @param sampling           crop, resize, rotation; {@code sampling.frames} is T
 * @param leakySlope         LeakyReLU slope (0.1)
 * @param bnMomentum         BatchNorm running-average momentum (0.1)
 * @param bnEpsilon          BatchNorm epsilon (1e-5)
 * @param dropout            dropout before the classifier's linear head (0)
 */
@JsonPropertyOrder({"name", "framesPerTuple", "inputChannels", "heads", "temporalKernel", "spatialKernel",
        "positionalEncoding", "inputEmbedding", "decoderEmbedding", "encoder", "decoder", "masking", "validationMasking", "latent", "loss",
        "sampling", "leakySlope", "bnMomentum", "bnEpsilon", "dropout"})
public record ModelConfig(String name, int framesPerTuple, int inputChannels, int heads, int temporalKernel,
                          int spatialKernel, boolean positionalEncoding, boolean inputEmbedding, boolean decoderEmbedding,
                          List<BlockSpec> encoder, List<BlockSpec> decoder, MaskingConfig masking,
                          MaskingConfig validationMasking, LatentConfig latent,
                          LossConfig loss, SamplingConfig sampling, double leakySlope, double bnMomentum,
                          double bnEpsilon, double dropout) implements ModelSpec {

    public ModelConfig {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
        validationMasking = validationMasking == null ? masking : validationMasking;
        validate(name, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, encoder, decoder, masking, sampling);
        String where = "model config '" + name + "': validationMasking ";
        if (validationMasking.frameRate() == 0 && validationMasking.jointRate() == 0) {
            throw new ConfigurationException(where + "masks nothing, so there is no masked reconstruction to validate: set"
                    + " validationMasking.frameRate or jointRate above 0 (the preset's masking is the usual choice)");
        }
        checkKeptFrames(where, sampling.frames(), framesPerTuple, validationMasking);
    }

    private static void validate(String name, int l, int c0, int heads, int kt, int ks, List<BlockSpec> encoder,
                                 List<BlockSpec> decoder, MaskingConfig masking, SamplingConfig sampling) {
        String where = "model config '" + name + "': ";
        if (encoder.isEmpty()) {
            throw new ConfigurationException(where + "encoder needs at least one block");
        }
        if (encoder.get(0).in() != c0) {
            throw new ConfigurationException(where + "encoder[0].in = " + encoder.get(0).in() + " must equal inputChannels " + c0);
        }
        checkChain(where + "encoder", encoder);
        checkChain(where + "decoder", decoder);
        if (heads < 1 || kt < 1 || ks < 1 || kt % 2 == 0 || ks % 2 == 0) {
            throw new ConfigurationException(where + "heads must be >= 1 and kernels odd and >= 1");
        }
        int t = sampling.frames();
        if (l < 1 || t % l != 0) {
            throw new ConfigurationException(where + "sampling.frames " + t + " must be a multiple of framesPerTuple " + l);
        }
        checkKeptFrames(where + "masking ", t, l, masking);
    }

    private static void checkKeptFrames(String where, int t, int l, MaskingConfig masking) {
        int tk = masking.keptFrames(t);
        if (tk < l || tk % l != 0) {
            throw new ConfigurationException(where + "keeps " + tk + " of " + t + " frames, which must be a positive multiple of "
                    + "framesPerTuple " + l + " (at T = 120, L = 6: M_t in {0.4, 0.5, 0.6} keeps 72 / 60 / 48)");
        }
    }

    private static void checkChain(String what, List<BlockSpec> blocks) {
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).in() != blocks.get(i - 1).out()) {
                throw new ConfigurationException(what + "[" + i + "].in = " + blocks.get(i).in() + " must equal "
                        + what.substring(what.lastIndexOf(' ') + 1) + "[" + (i - 1) + "].out = " + blocks.get(i - 1).out());
            }
        }
    }

    /** T, the frames of a sample. */
    public int frames() {
        return sampling.frames();
    }

    /** Width of the encoder output. */
    public int encoderWidth() {
        return encoder.get(encoder.size() - 1).out();
    }

    /** Width the decoder expects at its input (the encoder width when there is no decoder). */
    public int decoderWidth() {
        return decoder.isEmpty() ? encoderWidth() : decoder.get(0).in();
    }

    /** Width of the decoder output before the output layer. */
    public int decoderOutWidth() {
        return decoder.isEmpty() ? encoderWidth() : decoder.get(decoder.size() - 1).out();
    }

    /** A copy with another name (for experiments derived from a preset). */
    public ModelConfig withName(String n) {
        return new ModelConfig(n, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, positionalEncoding,
                inputEmbedding, decoderEmbedding, encoder, decoder, masking, validationMasking, latent, loss, sampling, leakySlope, bnMomentum,
                bnEpsilon, dropout);
    }

    public ModelConfig withLatent(LatentConfig l) {
        return new ModelConfig(name, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, positionalEncoding,
                inputEmbedding, decoderEmbedding, encoder, decoder, masking, validationMasking, l, loss, sampling, leakySlope, bnMomentum,
                bnEpsilon, dropout);
    }

    /** A copy that trains with other masking rates; the validation masking stays where it was. */
    public ModelConfig withMasking(MaskingConfig m) {
        return new ModelConfig(name, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, positionalEncoding,
                inputEmbedding, decoderEmbedding, encoder, decoder, m, validationMasking, latent, loss, sampling, leakySlope, bnMomentum,
                bnEpsilon, dropout);
    }

    /** The configuration of the validation graph: this one with the validation masking in place of the training masking. */
    public ModelConfig forValidation() {
        return new ModelConfig(name, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, positionalEncoding,
                inputEmbedding, decoderEmbedding, encoder, decoder, validationMasking, validationMasking, latent, loss, sampling,
                leakySlope, bnMomentum, bnEpsilon, dropout);
    }

    public ModelConfig withDecoder(List<BlockSpec> d) {
        return new ModelConfig(name, framesPerTuple, inputChannels, heads, temporalKernel, spatialKernel, positionalEncoding,
                inputEmbedding, decoderEmbedding, encoder, d, masking, validationMasking, latent, loss, sampling, leakySlope, bnMomentum,
                bnEpsilon, dropout);
    }
}
