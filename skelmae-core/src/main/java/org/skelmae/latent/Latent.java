package org.skelmae.latent;

import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.ModelConfig;

import java.util.Map;

/**
 * The space between encoder and decoder. It maps the encoder output h (B, C, T', V') of the visible
 * tokens to the decoder input g (B, D, T', V') and may add a loss term; every part of that term is
 * reported separately.
 */
public interface Latent {

    /** Prefix of every latent parameter. */
    String PREFIX = "latent.";

    /**
     * The latent's effect on a batch.
     *
     * @param decoderInput g
     * @param loss         the latent's loss term (null for none)
     * @param parts        named scalar parts of the loss and diagnostics, e.g. kl, codebook, commitment, in the order
     *                     logs and metrics list them (an ordered map)
     * @param outputs      other named outputs, e.g. the chosen code of every token
     */
    record Output(SDVariable decoderInput, SDVariable loss, Map<String, SDVariable> parts, Map<String, SDVariable> outputs) {
    }

    /**
     * @param h      encoder output (B, C, T', V')
     * @param tuples T'
     * @param slots  V'
     */
    Output apply(GraphBuilder g, SDVariable h, int tuples, int slots);

    /** The latent of a configuration. */
    static Latent of(ModelConfig cfg) {
        return switch (cfg.latent().type()) {
            case NONE -> new NoLatent(cfg);
            case VAE -> new VaeLatent(cfg);
            case VQ -> new VqLatent(cfg);
        };
    }
}
