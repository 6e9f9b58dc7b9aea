package org.skelmae.masking;

import org.skelmae.problem.ConfigurationException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the mask of a person-sequence (docs/method.md, "Spatio-temporal masking"): uniform noise per frame keeps the
 * round((1 − M_t)·T)
 * frames with the smallest noise, a separate noise per joint keeps round((1 − M_j)·V) joints, the same
 * joints in every kept frame. Each sequence gets its own random stream, so masks are reproducible from
 * the seed and independent between sequences.
 */
public final class SpatioTemporalMasker {

    private final int frames;
    private final int joints;
    private final int keptFrames;
    private final int keptJoints;

    public SpatioTemporalMasker(MaskingConfig config, int frames, int joints) {
        this.frames = frames;
        this.joints = joints;
        this.keptFrames = config.keptFrames(frames);
        this.keptJoints = config.keptJoints(joints);
        if (keptFrames < 1 || keptJoints < 1) {
            throw new ConfigurationException("masking keeps " + keptFrames + " frames and " + keptJoints
                    + " joints; at least one of each must stay visible");
        }
    }

    public int keptFrames() {
        return keptFrames;
    }

    public int keptJoints() {
        return keptJoints;
    }

    /** The mask drawn from this stream. */
    public SequenceMask draw(SplittableRandom rng) {
        return new SequenceMask(smallest(rng, frames, keptFrames), smallest(rng, joints, keptJoints));
    }

    /** Indices of the k smallest of n uniform draws, ascending. */
    private static int[] smallest(SplittableRandom rng, int n, int k) {
        double[] noise = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            noise[i] = rng.nextDouble();
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(noise[a], noise[b]));
        int[] kept = new int[k];
        for (int i = 0; i < k; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }
}
