package org.skelmae.model;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.List;

/**
 * The fine-tuning graph (docs/method.md, "Fine-tuning, linear probe and training from scratch"): the encoder on the
 * full grid, the mean over all tokens of
 * both persons, optional dropout and a linear head trained with cross-entropy. With a frozen encoder
 * (linear probe) the encoder runs in evaluation mode and a non-affine BatchNorm normalises the pooled
 * features before the head, as MAMP's linear evaluation does.
 */
public final class SkeletonClassifier {

    public static final String X = "x";
    public static final String LABELS = "labels";
    public static final String DROPOUT_MASK = "dropout_mask";
    public static final String LOGITS = "logits";
    public static final String LOSS = "loss";
    /**
     * The encoder's pooled features (N, C), before the probe's BatchNorm and dropout: what a forward pass returns when
     * asked for it (the report's embedding maps; the graph family's probe names its own alike).
     */
    public static final String FEATURES = "features";
    /** Prefix of the head's parameters. */
    public static final String HEAD = "head.";

    private SkeletonClassifier() {
    }

    /**
     * @param frozenEncoder linear probe: encoder in evaluation mode, only the head is trained
     */
    public static ModelGraph build(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes,
                                   boolean training, boolean frozenEncoder) {
        GraphBuilder g = new GraphBuilder(store, training && !frozenEncoder, cfg.leakySlope(), cfg.bnEpsilon());
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        SDVariable x = g.input(X, -1, 3, t, joints, persons);
        SDVariable labels = g.input(LABELS, -1, classes);
        SDVariable rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, t, joints);
        TokenPositions positions = TokenPositions.full(g, l * joints);
        SDVariable h = SttEncoder.apply(g, cfg, rows, new SttEncoder.Grid(t, joints, null, null, positions), t, joints);
        int c = cfg.encoderWidth();
        SDVariable pooled = h.mean(2, 3).reshape(-1, persons, c).mean(1);
        if (!training) {
            // evaluation graphs only: the training graph stays exactly the one the parity tests pin
            g.sd().identity(FEATURES, pooled);
        }
        g.training(training);
        if (frozenEncoder) {
            pooled = g.batchNorm(HEAD + "bn", pooled.reshape(-1, c, 1, 1), c, 1, false).reshape(-1, c);
        }
        if (training && cfg.dropout() > 0) {
            pooled = pooled.mul(g.input(DROPOUT_MASK, -1, c));
        }
        SDVariable logits = g.linear(HEAD + "fc", pooled, c, classes);
        g.sd().identity(LOGITS, logits);
        SDVariable loss = g.sd().loss().softmaxCrossEntropy(LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        g.sd().setLossVariables(LOSS);
        return new ModelGraph(g, training, LOSS, List.of(), List.of(LOGITS));
    }
}
