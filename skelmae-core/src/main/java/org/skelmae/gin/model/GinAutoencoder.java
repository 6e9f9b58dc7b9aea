package org.skelmae.gin.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;

import java.util.List;

/**
 * The graph SkeletonMAE's pre-training graph (docs/method.md, "The graph family"): every person-frame is
 * a graph of the layout's joints. The coordinates are lifted to D features per joint, the masked joints'
 * features are replaced by one learnable mask token, L_D GIN layers encode, a bias-free linear map and a
 * re-mask (masked rows set to zero) lead to the one-layer GIN decoder, and the re-weighted cosine error
 * (1/|masked|)·Σ (1 − cos(x_i, z_i))^β over the masked joints compares its output with the target.
 *
 * <p>Inputs are the placeholders of {@link GraphBatch}; outputs are {@value #LOSS} and
 * {@value #MEAN_COSINE}, the mean cosine between reconstruction and target on the masked joints. A step
 * reports the batch's node rows to BatchNorm's running variance.
 */
public final class GinAutoencoder {

    public static final String LOSS = "loss";
    public static final String MEAN_COSINE = "loss.cosine";
    /** The encoder's output rows (R, D_h), the representation fine-tuning and probes use. */
    public static final String ENCODED = "gin.encoded";
    /** The lifted coordinates (R, D), the target of the embedded targets. */
    public static final String LIFTED = "gin.lifted";
    /** The encoder's input (R, D): lifted coordinates, the mask token on masked rows. */
    public static final String INPUT = "gin.input";
    /** The decoder's input (R, D_h), zero on masked rows. */
    public static final String DECODER_INPUT = "gin.decoder_input";
    /** The decoder's output (R, D), or (R, 3) for the raw target. */
    public static final String RECONSTRUCTION = "gin.reconstruction";
    /** Parameter prefix of the coordinate lift, shared with fine-tuning. */
    public static final String LIFT = "gin.lift";
    /** Parameter prefix of the encoder's layers, shared with fine-tuning. */
    public static final String ENCODER = "gin.enc.";

    private GinAutoencoder() {
    }

    /** Builds the graph for the layout of {@code graph}. */
    public static ModelGraph build(GinConfig cfg, ParameterStore store, SkeletonGraph graph, boolean training) {
        GraphBuilder g = new GraphBuilder(store, training, 0, cfg.bnEpsilon());
        SameDiff sd = g.sd();
        int v = graph.nodes();
        int d = cfg.embedding();
        SDVariable coords = g.input(GraphBatch.COORDS, -1, 3);
        SDVariable mask = g.input(GraphBatch.MASK, -1, 1);
        SDVariable visible = mask.rsub(1.0);
        SDVariable aggregation = sd.constant("gin.aggregation", graph.aggregation(store.dtype()));
        boolean dropout = training && cfg.dropout() > 0;

        SDVariable lifted = GinLayers.lift(g, coords, d).rename(LIFTED);
        SDVariable token = g.param("gin.mask_token", new long[]{1, d}, Init.constant(0));
        SDVariable h = lifted.mul(visible).add(sd.mmul(mask, token)).rename(INPUT);
        int in = d;
        for (int l = 0; l < cfg.encoderLayers(); l++) {
            SDVariable x = dropout ? h.mul(g.input(GraphBatch.dropout(l), -1, in)) : h;
            h = GinLayers.gin(g, ENCODER + l, x, aggregation, v, in, cfg.hidden(), cfg.hidden(), true, cfg.preluInit(), 1);
            in = cfg.hidden();
        }
        sd.identity(ENCODED, h);

        SDVariable remask = g.param("gin.remask.w", new long[]{cfg.hidden(), cfg.hidden()}, Init.xavierNormal(cfg.hidden(), cfg.hidden()));
        SDVariable z = sd.mmul(h, remask, false, true, false).mul(visible).rename(DECODER_INPUT);
        if (dropout) {
            z = z.mul(g.input(GraphBatch.dropout(cfg.encoderLayers()), -1, cfg.hidden()));
        }
        int out = cfg.target() == GinConfig.Target.RAW ? 3 : d;
        SDVariable reconstruction = GinLayers.gin(g, "gin.dec", z, aggregation, v, cfg.hidden(), cfg.hidden(), out, false,
                cfg.preluInit(), 1).rename(RECONSTRUCTION);

        SDVariable target = switch (cfg.target()) {
            case EMBEDDED_DETACHED -> g.stopGradient(lifted);
            case EMBEDDED -> lifted;
            case RAW -> coords;
        };
        SDVariable cos = GinLayers.cosine(reconstruction, target);
        SDVariable error = sd.nn().relu(cos.rsub(1.0), 0).pow(cfg.beta());
        SDVariable count = mask.sum();
        sd.identity(LOSS, error.mul(mask).sum().div(count));
        sd.identity(MEAN_COSINE, cos.mul(mask).sum().div(count));
        sd.setLossVariables(LOSS);
        return new ModelGraph(g, training, LOSS, List.of(MEAN_COSINE), List.of());
    }

    /** The number of dropout masks a training graph of this config takes: one per GIN layer input. */
    public static int dropoutMasks(GinConfig cfg) {
        return cfg.dropout() > 0 ? cfg.encoderLayers() + 1 : 0;
    }
}
