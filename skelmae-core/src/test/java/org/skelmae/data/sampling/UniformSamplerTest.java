package org.skelmae.data.sampling;

import org.junit.jupiter.api.Test;
import org.skelmae.data.SkeletonSequence;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PYSKL's UniformSample and the training jitter of the graph family (docs/method.md, "Target and loss"). */
class UniformSamplerTest {

    private static final int T = 8;

    @Test
    void aShortSequenceLoopsFromARandomStartInTrainingAndFromTheFirstFrameInTesting() {
        int n = 5;
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int draw = 0; draw < 200; draw++) {
            int[] inds = UniformSampler.indices(n, T, rng, false);
            starts.add(inds[0]);
            for (int i = 1; i < T; i++) {
                assertEquals((inds[i - 1] + 1) % n, inds[i], "consecutive frames, looping past the end");
            }
        }
        assertEquals(n, starts.size(), "every frame can start the clip");
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 0, 1, 2}, UniformSampler.indices(n, T, new SplittableRandom(9), true));
    }

    @Test
    void aSequenceOfOneToTwoClipLengthsSkipsItsSurplusFramesAtRandomGaps() {
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7}, UniformSampler.indices(T, T, new SplittableRandom(3), false),
                "n = T: every frame, in order");
        int n = 13;
        int[] firstFrame = new int[2];
        SplittableRandom rng = new SplittableRandom(2);
        for (int draw = 0; draw < 500; draw++) {
            int[] inds = UniformSampler.indices(n, T, rng, false);
            firstFrame[inds[0]]++;
            int skipped = inds[0];
            for (int i = 1; i < T; i++) {
                int step = inds[i] - inds[i - 1];
                assertTrue(step == 1 || step == 2, "steps of one or two frames: " + java.util.Arrays.toString(inds));
                skipped += step - 1;
            }
            skipped += n - 1 - inds[T - 1];
            assertEquals(n - T, skipped, "n - T frames left out: " + java.util.Arrays.toString(inds));
        }
        // the gap before the first pick is one of T + 1 = 9, n - T = 5 of them drawn: P(first frame skipped) = 5/9
        assertEquals(5 / 9.0, firstFrame[1] / 500.0, 0.07);
    }

    @Test
    void aLongSequenceGivesOneRandomFrameFromEachOfTSegments() {
        int n = 50;
        int[][] hits = new int[T][n];
        SplittableRandom rng = new SplittableRandom(4);
        for (int draw = 0; draw < 2000; draw++) {
            int[] inds = UniformSampler.indices(n, T, rng, false);
            for (int i = 0; i < T; i++) {
                int lo = i * n / T;
                int hi = (i + 1) * n / T;
                assertTrue(inds[i] >= lo && inds[i] < hi, "segment " + i + " is [" + lo + ", " + hi + "), got " + inds[i]);
                hits[i][inds[i]]++;
            }
        }
        for (int i = 0; i < T; i++) {
            for (int f = i * n / T; f < (i + 1) * n / T; f++) {
                assertTrue(hits[i][f] > 2000 / 7 / 2, "frame " + f + " of segment " + i + " drawn " + hits[i][f] + " times");
            }
        }
    }

    @Test
    void theTestViewIsFixedAndTrainingViewsVary() {
        SkeletonSequence s = sequence(40, true);
        UniformSampler sampler = new UniformSampler(T, 0);
        assertArrayEquals(sampler.testView(s), sampler.testView(s));
        assertNotEquals(java.util.Arrays.toString(sampler.trainView(s, new SplittableRandom(1))),
                java.util.Arrays.toString(sampler.trainView(s, new SplittableRandom(2))));
        // frames are picked, never interpolated: every clip frame is a frame of the sequence
        float[] v = sampler.trainView(s, new SplittableRandom(5));
        int row = s.persons() * s.joints() * 3;
        for (int i = 0; i < T; i++) {
            float first = v[i * row];
            assertEquals(0, first - Math.round(first), "frame values are whole frame numbers (" + first + ")");
        }
    }

    @Test
    void jitterMovesPresentPersonsOnlyAndKeepsTwoDimensionalDataFlat() {
        SkeletonSequence s = sequence(40, false); // person 0 present with z = 0, person 1 absent
        double sigma = 0.01;
        UniformSampler sampler = new UniformSampler(T, sigma);
        float[] clean = new UniformSampler(T, 0).trainView(s, new SplittableRandom(7));
        float[] noisy = sampler.trainView(s, new SplittableRandom(7));
        int joints = s.joints();
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int f = 0; f < T; f++) {
            for (int p = 0; p < 2; p++) {
                for (int j = 0; j < joints; j++) {
                    int k = ((f * 2 + p) * joints + j) * 3;
                    if (p == 1) {
                        assertEquals(0f, noisy[k] + noisy[k + 1] + noisy[k + 2], "the absent person stays absent");
                        continue;
                    }
                    assertEquals(0f, noisy[k + 2], "2D keypoints keep z = 0");
                    for (int c = 0; c < 2; c++) {
                        double d = noisy[k + c] - clean[k + c];
                        sum += d;
                        sq += d * d;
                        count++;
                    }
                }
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(sq / count - mean * mean);
        assertEquals(0, mean, 4 * sigma / Math.sqrt(count));
        assertEquals(sigma, std, 0.15 * sigma);

        float[] depth = new UniformSampler(T, sigma).trainView(sequence(40, true), new SplittableRandom(7));
        float[] flat = new UniformSampler(T, 0).trainView(sequence(40, true), new SplittableRandom(7));
        assertNotEquals(flat[2], depth[2], "3D data gets jitter on z too");
        assertThrows(IllegalArgumentException.class, () -> new UniformSampler(T, -1));
    }

    /** Frame f holds the value f in x of every joint (plus the joint's index in y, and 1 in z when 3D). */
    private static SkeletonSequence sequence(int frames, boolean depth) {
        int joints = 3;
        float[] xyz = new float[frames * 2 * joints * 3];
        for (int f = 0; f < frames; f++) {
            for (int j = 0; j < joints; j++) {
                int k = (f * 2 * joints + j) * 3;
                xyz[k] = f;
                xyz[k + 1] = j + 1;
                xyz[k + 2] = depth ? 1 : 0;
            }
        }
        return new SkeletonSequence("s", 0, frames, 2, joints, xyz, 1, Map.of());
    }
}
