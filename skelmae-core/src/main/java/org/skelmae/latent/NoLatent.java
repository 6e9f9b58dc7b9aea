package org.skelmae.latent;

import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.ModelConfig;

import java.util.Map;

/** SkeletonMAE: the decoder sees the encoder output (through a 1×1 conv only when widths differ). */
public final class NoLatent implements Latent {

    private final ModelConfig cfg;

    public NoLatent(ModelConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public Output apply(GraphBuilder g, SDVariable h, int tuples, int slots) {
        return new Output(widthAdapter(g, cfg, h), null, Map.of(), Map.of());
    }

    /** A 1×1 conv from encoder width to decoder width when they differ (decoder-width ablation). */
    static SDVariable widthAdapter(GraphBuilder g, ModelConfig cfg, SDVariable h) {
        int c = cfg.encoderWidth();
        int d = cfg.decoderWidth();
        return c == d ? h : g.conv(PREFIX + "proj", h, c, d, 1, 1);
    }
}
