package org.skelmae.data.sampling;

import org.skelmae.data.SkeletonSequence;

import java.util.SplittableRandom;

/**
 * PYSKL's {@code UniformSample} (one clip), the graph family's temporal sampling (docs/method.md, "Target and
 * loss"): frames are picked, never interpolated. A sequence of n frames gives a clip of T:
 * <ul>
 *   <li>n &lt; T: T consecutive frames from a random start, looping past the end;</li>
 *   <li>T &le; n &lt; 2T: frames 0, 1, ..., T − 1, pushed one frame further at n − T of the T + 1 gaps (before
 *       each pick and after the last) drawn without replacement, so n − T frames are left out;</li>
 *   <li>n &ge; 2T: the sequence cut into T segments (boundaries i·n/T) and one random frame from each.</li>
 * </ul>
 * The test view draws the same way from a fixed seed (PYSKL's 255), starting short sequences at their first
 * frame. Training views then get Gaussian jitter of {@code noise} on every coordinate of every person-frame
 * that is present; a person-frame whose z are all zero (2D keypoints) keeps z = 0, and an absent person stays
 * all zero, so jitter neither gives 2D data a depth nor makes a padded person appear.
 */
public final class UniformSampler implements ClipSampler {

    /** PYSKL's test-time seed. */
    static final long TEST_SEED = 255;

    private final int frames;
    private final double noise;

    /**
     * @param frames T, frames of every clip
     * @param noise  standard deviation of the training jitter, in the data's units (0: none)
     */
    public UniformSampler(int frames, double noise) {
        if (frames < 1 || !(noise >= 0)) {
            throw new IllegalArgumentException("uniform sampling needs frames >= 1 and noise >= 0, got " + frames + ", " + noise);
        }
        this.frames = frames;
        this.noise = noise;
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public float[] trainView(SkeletonSequence s, SplittableRandom rng) {
        float[] out = gather(s, indices(s.frames(), frames, rng, false));
        if (noise > 0) {
            jitter(out, s.joints() * 3, noise, rng);
        }
        return out;
    }

    @Override
    public float[] testView(SkeletonSequence s) {
        return gather(s, indices(s.frames(), frames, new SplittableRandom(TEST_SEED), true));
    }

    /** The frame indices of a clip of {@code t} frames from a sequence of {@code n}, each in [0, n). */
    static int[] indices(int n, int t, SplittableRandom rng, boolean test) {
        if (n < 1) {
            throw new IllegalArgumentException("a sequence with no frames cannot be sampled");
        }
        int[] inds = new int[t];
        if (n < t) {
            int start = test ? 0 : rng.nextInt(n);
            for (int i = 0; i < t; i++) {
                inds[i] = (start + i) % n;
            }
        } else if (n < 2 * t) {
            // n - t of the t + 1 gaps (before each pick, and after the last) skip one frame, chosen without replacement
            boolean[] skip = new boolean[t + 1];
            int[] gaps = new int[t + 1];
            for (int i = 0; i <= t; i++) {
                gaps[i] = i;
            }
            for (int k = 0; k < n - t; k++) {
                int j = k + rng.nextInt(t + 1 - k);
                int g = gaps[j];
                gaps[j] = gaps[k];
                gaps[k] = g;
                skip[g] = true;
            }
            int offset = 0;
            for (int i = 0; i < t; i++) {
                offset += skip[i] ? 1 : 0;
                inds[i] = i + offset;
            }
        } else {
            for (int i = 0; i < t; i++) {
                int lo = (int) ((long) i * n / t);
                int hi = (int) ((long) (i + 1) * n / t);
                inds[i] = lo + rng.nextInt(hi - lo);
            }
        }
        return inds;
    }

    private static float[] gather(SkeletonSequence s, int[] inds) {
        int row = s.persons() * s.joints() * 3;
        float[] out = new float[inds.length * row];
        for (int i = 0; i < inds.length; i++) {
            System.arraycopy(s.xyz(), inds[i] * row, out, i * row, row);
        }
        return out;
    }

    /** Adds N(0, sigma) to every present person-frame of {@code xyz}, blocks of {@code block} = joints·3 floats. */
    static void jitter(float[] xyz, int block, double sigma, SplittableRandom rng) {
        for (int b = 0; b < xyz.length; b += block) {
            boolean present = false;
            boolean depth = false;
            for (int k = b; k < b + block; k += 3) {
                present |= xyz[k] != 0 || xyz[k + 1] != 0 || xyz[k + 2] != 0;
                depth |= xyz[k + 2] != 0;
            }
            if (!present) {
                continue;
            }
            for (int k = b; k < b + block; k++) {
                if (depth || (k - b) % 3 != 2) {
                    xyz[k] += (float) (sigma * rng.nextGaussian());
                }
            }
        }
    }
}
