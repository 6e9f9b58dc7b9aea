package org.skelmae.gin.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.model.ModelSpec;
import org.skelmae.problem.ConfigurationException;

/**
 * Everything that shapes the graph SkeletonMAE's pre-training (docs/method.md, "The graph family"). The
 * paper fixes D = 64, L_D = 3, β = 2 and a one-layer decoder; the rest are our choices where it is
 * silent, each a field so that an ablation is a config change.
 *
 * @param name          preset or experiment name
 * @param embedding     D, width of the learnable per-joint lift of the coordinates (64)
 * @param hidden        D_h, width of the encoder's GIN layers and of every layer's MLP (64)
 * @param encoderLayers L_D, GIN layers of the encoder (3; the paper's Table 4a)
 * @param masking       which joints are hidden (the paper's headline: right arm and right leg)
 * @param target        what the decoder reconstructs on the masked joints
 * @param beta          β of the re-weighted cosine error (2)
 * @param dropout       dropout on every GIN layer's input while training (0.2, as GraphMAE's in_drop)
 * @param preluInit     initial slope of every PReLU (0.25, PyTorch's default)
 * @param bnMomentum    BatchNorm running-average momentum (0.1)
 * @param bnEpsilon     BatchNorm epsilon (1e-5)
 * @param frames        T, frames of every clip (64, PYSKL's UniformSample)
 * @param noise         standard deviation of the Gaussian jitter added to the coordinates in training (0.005: the
 *                      paper adds pixel noise of unstated size; 0.005 of the normalised [-1, 1] image is about
 *                      2.5 pixels of a 1080-pixel-high frame)
 * @param strlLayers    M, STRL layers of the fine-tuning model (3; the paper's Table 5a)
 * @param headDropout   dropout before the classifier's last linear layer (0.5)
 * @param labelSmoothing label smoothing of the fine-tuning cross-entropy (0.1)
 */
@JsonPropertyOrder({"name", "embedding", "hidden", "encoderLayers", "masking", "target", "beta", "dropout", "preluInit",
        "bnMomentum", "bnEpsilon", "frames", "noise", "strlLayers", "headDropout", "labelSmoothing"})
public record GinConfig(String name, int embedding, int hidden, int encoderLayers, RegionMasking masking, Target target,
                        double beta, double dropout, double preluInit, double bnMomentum, double bnEpsilon, int frames,
                        double noise, int strlLayers, double headDropout, double labelSmoothing) implements ModelSpec {

    /** The paper's pre-training learning rate (Adam). */
    public static final double PRETRAIN_LEARNING_RATE = 1.5e-4;
    /** The paper's fine-tuning learning rate (SGD with momentum). */
    public static final double FINETUNE_LEARNING_RATE = 0.1;

    /** The reconstruction target on the masked joints. */
    public enum Target {
        /** The lifted features of the input, with no gradient through the target (our default: no collapse). */
        EMBEDDED_DETACHED,
        /** The lifted features as the paper literally writes it: the lift also gets the target's gradient. */
        EMBEDDED,
        /** The coordinates themselves; the decoder outputs three values per joint. */
        RAW
    }

    public GinConfig {
        String where = "graph model config '" + name + "': ";
        if (embedding < 1 || hidden < 1 || encoderLayers < 1) {
            throw new ConfigurationException(where + "embedding, hidden and encoderLayers must be >= 1, got "
                    + embedding + ", " + hidden + ", " + encoderLayers);
        }
        if (masking == null || target == null) {
            throw new ConfigurationException(where + "masking and target are required");
        }
        if (!(beta >= 1)) {
            throw new ConfigurationException(where + "beta must be >= 1 (the paper uses 2), got " + beta);
        }
        if (!(dropout >= 0 && dropout < 1) || !(headDropout >= 0 && headDropout < 1)) {
            throw new ConfigurationException(where + "dropout and headDropout must be in [0, 1), got " + dropout + ", " + headDropout);
        }
        if (frames < 2 || frames % 2 != 0 || strlLayers < 1 || embedding % 4 != 0) {
            throw new ConfigurationException(where + "frames must be even and >= 2 (the temporal block's dilation-2 branch),"
                    + " strlLayers >= 1 and embedding a multiple of 4 (its four branches), got " + frames + ", " + strlLayers
                    + ", " + embedding);
        }
        if (!(noise >= 0)) {
            throw new ConfigurationException(where + "noise must be >= 0, got " + noise);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new ConfigurationException(where + "labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /** The paper's settings, with our choices where it is silent. */
    public static GinConfig paper() {
        return new GinConfig("gin-paper", 64, 64, 3, RegionMasking.PAPER, Target.EMBEDDED_DETACHED, 2, 0.2, 0.25, 0.1, 1e-5,
                64, 0.005, 3, 0.5, 0.1);
    }

    /** This config under another name. */
    public GinConfig withName(String newName) {
        return new GinConfig(newName, embedding, hidden, encoderLayers, masking, target, beta, dropout, preluInit,
                bnMomentum, bnEpsilon, frames, noise, strlLayers, headDropout, labelSmoothing);
    }

    /** This config with the ablations' settings: masking policy, encoder depth L_D, STRL layers M. */
    public GinConfig with(RegionMasking newMasking, int newEncoderLayers, int newStrlLayers) {
        return new GinConfig(name, embedding, hidden, newEncoderLayers, newMasking, target, beta, dropout, preluInit,
                bnMomentum, bnEpsilon, frames, noise, newStrlLayers, headDropout, labelSmoothing);
    }
}
