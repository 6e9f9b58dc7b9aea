package org.skelmae.gin.model;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;

import java.util.List;

/**
 * The graph family's fine-tuning model (docs/method.md, "Fine-tuning the graph family"): the
 * coordinates lifted per joint (the pre-trained lift), a learnable temporal position embedding, M STRL
 * layers each followed by the multi-scale temporal block, the mean over frames, joints and persons, and
 * the head Linear → ReLU → dropout → Linear trained with label-smoothed cross-entropy. Inputs are
 * {@link GraphBatch}'s coordinates with every person-frame kept, and one-hot labels. A step reports its
 * person slots (N·M) to BatchNorm's running variance.
 */
public final class GinClassifier {

    public static final String LABELS = SkeletonClassifier.LABELS;
    public static final String DROPOUT_MASK = "head.dropout_mask";
    public static final String LOGITS = SkeletonClassifier.LOGITS;
    public static final String LOSS = SkeletonClassifier.LOSS;

    private GinClassifier() {
    }

    /**
     * @param persons M, person slots of every sample
     * @param classes K
     */
    public static ModelGraph build(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes,
                                   boolean training) {
        GraphBuilder g = new GraphBuilder(store, training, 0, cfg.bnEpsilon());
        int v = graph.nodes();
        int t = cfg.frames();
        int d = cfg.embedding();
        SDVariable coords = g.input(GraphBatch.COORDS, -1, 3);
        SDVariable labels = g.input(LABELS, -1, classes);
        SDVariable aggregation = g.sd().constant("gin.aggregation", graph.aggregation(store.dtype()));

        SDVariable pe = g.param("strl.pe", new long[]{t, d}, Init.truncatedNormal(0.02));
        SDVariable h = GinLayers.lift(g, coords, d).reshape(-1, t, d).add(pe).reshape(-1, d);
        SDVariable grid = null;
        for (int l = 0; l < cfg.strlLayers(); l++) {
            h = StrlLayer.apply(g, l, h, aggregation, v, persons, cfg);
            // rows (V, M·N, T, D) to the temporal block's (M·N, D, T, V) and back
            grid = TemporalBlock.apply(g, "strl." + l + ".tcn", h.reshape(v, -1, t, d).permute(1, 3, 2, 0), d, t, v);
            if (l + 1 < cfg.strlLayers()) {
                h = grid.permute(3, 0, 2, 1).reshape(-1, d);
            }
        }
        SDVariable pooled = grid.mean(2, 3).reshape(persons, -1, d).mean(0);
        SDVariable z = g.sd().nn().relu(g.linear("head.fc1", pooled, d, d), 0);
        if (training && cfg.headDropout() > 0) {
            z = z.mul(g.input(DROPOUT_MASK, -1, d));
        }
        SDVariable logits = g.linear("head.fc2", z, d, classes);
        g.sd().identity(LOGITS, logits);
        g.sd().loss().softmaxCrossEntropy(LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, cfg.labelSmoothing());
        g.sd().setLossVariables(LOSS);
        return new ModelGraph(g, training, LOSS, List.of(), List.of(LOGITS));
    }

    /**
     * The pre-training checkpoint's name of a classifier parameter: the lift keeps its name, every STRL
     * layer's and person's encoder copy takes the encoder's ({@code strl.1.p0.enc.2.bn.gamma} ←
     * {@code gin.enc.2.bn.gamma}); null for the parameters fine-tuning adds.
     */
    public static String pretrainedName(String param) {
        if (param.startsWith(GinAutoencoder.LIFT + ".")) {
            return param;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("strl\\.\\d+\\.p\\d+\\.enc\\.(.*)").matcher(param);
        return m.matches() ? GinAutoencoder.ENCODER + m.group(1) : null;
    }
}
