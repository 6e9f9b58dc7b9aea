package org.skelmae.gin.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.BodyRegions;
import org.skelmae.data.JointLayout;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.data.sampling.UniformSampler;
import org.skelmae.evaluation.ClassifierInputs;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;

import java.util.SplittableRandom;

/** What the graph family's phases feed their graphs: the clip sampling, the masks and the classifier's inputs. */
public final class GinInputs {

    /** The classifier takes every person-frame of a batch as node rows. */
    public static final ClassifierInputs CLASSIFIER = (x, dtype) -> {
        GraphBatch b = new GraphBatch(x, null, true, dtype);
        return new ClassifierInputs.Made(b.placeholders(), b::close);
    };

    private GinInputs() {
    }

    /**
     * The family's clip sampling (docs/method.md, "Target and loss"): PYSKL's UniformSample of T frames and, in
     * training, the configured jitter; no rotation (a rotation about x or y would give 2D keypoints a depth).
     */
    public static ClipSampler sampling(GinConfig cfg) {
        return new UniformSampler(cfg.frames(), cfg.noise());
    }

    /** The layout's regions when the masking needs them, with an error naming the layout when it has none. */
    public static BodyRegions regions(GinConfig cfg, JointLayout layout) {
        return cfg.masking().needsRegions() ? layout.requireRegions() : layout.regions();
    }

    /**
     * The masked joints of every sample of a batch, each from a stream of (seed, step, dataset index), so a
     * sample's mask does not depend on its batch companions and a resumed run draws the same.
     */
    public static boolean[][] masks(GinConfig cfg, BodyRegions regions, int joints, int[] indices, long seed, long step) {
        boolean[][] m = new boolean[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            m[i] = cfg.masking().draw(regions, joints, new SplittableRandom(BatchLoader.mix(seed, step, indices[i])));
        }
        return m;
    }

    /** The input width of every GIN layer of the pre-training graph, the decoder's last. */
    public static int[] dropoutWidths(GinConfig cfg) {
        int[] w = new int[cfg.encoderLayers() + 1];
        java.util.Arrays.fill(w, cfg.hidden());
        w[0] = cfg.embedding();
        return w;
    }

    /**
     * The graph batch of a pre-training step: the masked joints of each sample and, in training with dropout, the
     * dropout masks of every GIN layer's input drawn from {@code dropoutSeed}.
     */
    public static GraphBatch pretrainBatch(GinConfig cfg, org.nd4j.linalg.api.ndarray.INDArray x, boolean[][] masks, long dropoutSeed,
                                    boolean training) {
        GraphBatch b = new GraphBatch(x, masks, false, DataType.FLOAT);
        if (training && cfg.dropout() > 0) {
            b.addDropout(cfg.dropout(), dropoutWidths(cfg), new SplittableRandom(dropoutSeed), DataType.FLOAT);
        }
        return b;
    }
}
