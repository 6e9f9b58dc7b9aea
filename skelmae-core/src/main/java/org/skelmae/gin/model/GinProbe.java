package org.skelmae.gin.model;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;

import java.util.List;

/**
 * The graph family's linear probe (docs/method.md, "Fine-tuning the graph family"), the way the STTFormer
 * family's is made: the pre-trained lift and encoder, frozen and in evaluation mode, run on every
 * person-frame; their features are averaged over joints, frames and persons, normalised by a BatchNorm
 * without scale and shift, and a linear layer classifies them with cross-entropy. Parameter names are the
 * pre-training graph's, so the checkpoint loads as it is.
 */
public final class GinProbe {

    /** Prefix of the trained parameters. */
    public static final String HEAD = "head.";

    private GinProbe() {
    }

    public static ModelGraph build(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes,
                                   boolean training) {
        GraphBuilder g = new GraphBuilder(store, false, 0, cfg.bnEpsilon());
        int v = graph.nodes();
        SDVariable coords = g.input(GraphBatch.COORDS, -1, 3);
        SDVariable labels = g.input(SkeletonClassifier.LABELS, -1, classes);
        SDVariable aggregation = g.sd().constant("gin.aggregation", graph.aggregation(store.dtype()));
        SDVariable h = GinLayers.lift(g, coords, cfg.embedding());
        int in = cfg.embedding();
        for (int l = 0; l < cfg.encoderLayers(); l++) {
            h = GinLayers.gin(g, GinAutoencoder.ENCODER + l, h, aggregation, v, in, cfg.hidden(), cfg.hidden(), true, cfg.preluInit(), 1);
            in = cfg.hidden();
        }
        // rows (V, M·N·T) in (joint, person, sample, frame) order: mean over joints, then frames, then persons
        SDVariable pooled = h.reshape(v, persons, -1, cfg.frames(), cfg.hidden()).mean(0, 3).mean(0);
        if (!training) {
            g.sd().identity(SkeletonClassifier.FEATURES, pooled);
        }
        g.training(training);
        // a step reports N·M person slots; this layer sees N rows
        pooled = GinLayers.batchNorm(g, HEAD + "bn", pooled, cfg.hidden(), 1.0 / persons, false);
        SDVariable logits = g.linear(HEAD + "fc", pooled, cfg.hidden(), classes);
        g.sd().identity(SkeletonClassifier.LOGITS, logits);
        g.sd().loss().softmaxCrossEntropy(SkeletonClassifier.LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        g.sd().setLossVariables(SkeletonClassifier.LOSS);
        return new ModelGraph(g, training, SkeletonClassifier.LOSS, List.of(), List.of(SkeletonClassifier.LOGITS));
    }
}
