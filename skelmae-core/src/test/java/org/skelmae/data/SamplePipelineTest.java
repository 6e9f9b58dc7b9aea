package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.data.sampling.SamplingConfig;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crop, resize, rotation and batches (docs/method.md, "Inputs and preprocessing"). */
class SamplePipelineTest {

    private static final SkeletonSequence SEQ = SyntheticMotion.standard().load().dataset().get(3);

    @Test
    void resizingKeepsFirstAndLastFrameWhenStretching() {
        int row = SEQ.persons() * SEQ.joints() * 3;
        for (int out : new int[]{SEQ.frames(), SEQ.frames() + 1, 120, 300}) {
            float[] r = SamplePipeline.resize(SEQ.xyz(), 0, SEQ.frames(), row, out);
            for (int k = 0; k < row; k++) {
                assertEquals(SEQ.xyz()[k], r[k], "first frame, out=" + out);
                assertEquals(SEQ.xyz()[(SEQ.frames() - 1) * row + k], r[(out - 1) * row + k], "last frame, out=" + out);
            }
        }
        float[] same = SamplePipeline.resize(SEQ.xyz(), 0, SEQ.frames(), row, SEQ.frames());
        assertArrayEquals(SEQ.xyz(), same, "same length is the identity");
    }

    @Test
    void resizingInterpolatesLinearlyLikePyTorch() {
        float[] in = {0, 10, 20, 30};
        float[] out = SamplePipeline.resize(in, 0, 4, 1, 2);
        // src = (i + 0.5) * 2 - 0.5 = 0.5 and 2.5
        assertArrayEquals(new float[]{5, 25}, out, 1e-6f);
    }

    @Test
    void rotationKeepsBoneLengthsAndZeros() {
        float[] xyz = SEQ.xyz().clone();
        SamplePipeline.rotate(xyz, 0.3, -0.2, 0.25);
        for (int t = 0; t < SEQ.frames(); t++) {
            for (int[] bone : SEQ.joints() == 25 ? JointLayout.KINECT_V2.bones() : JointLayout.KINECT_V1.bones()) {
                assertEquals(length(SEQ.xyz(), SEQ, t, bone), length(xyz, SEQ, t, bone), 1e-5);
            }
            for (int k = 0; k < SEQ.joints() * 3; k++) {
                assertEquals(0f, xyz[SEQ.offset(t, 1, 0, 0) + k], "absent person stays zero");
            }
        }
    }

    private static double length(float[] a, SkeletonSequence s, int t, int[] bone) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double d = a[s.offset(t, 0, bone[0], c)] - a[s.offset(t, 0, bone[1], c)];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @Test
    void cropsFollowTheFeederRules() {
        SamplePipeline p = new SamplePipeline(new SamplingConfig(30, 0.5, 1.0, 10, 0.9, 0));
        int row = SEQ.persons() * SEQ.joints() * 3;
        int bias = (int) (0.1 * SEQ.frames() / 2);
        float[] expected = SamplePipeline.resize(SEQ.xyz(), bias, SEQ.frames() - 2 * bias, row, 30);
        assertArrayEquals(expected, p.testView(SEQ));
        float[] a = p.trainView(SEQ, new SplittableRandom(5));
        float[] b = p.trainView(SEQ, new SplittableRandom(5));
        assertArrayEquals(a, b, "same seed, same view");
        assertEquals(30 * row, a.length);
    }

    @Test
    void batchesAreNctvmAndIdenticalForTheSameSeed() {
        LoadedDataset ld = SyntheticMotion.standard().load();
        SamplePipeline p = new SamplePipeline(new SamplingConfig(24, 0.5, 1.0, 8, 0.95, 0.3));
        float[] first;
        int[] firstIdx;
        try (BatchLoader l = new BatchLoader(ld.dataset(), ld.split().train(), 16, true, p, 11, 3)) {
            assertEquals(ld.split().train().length / 16, l.batches());
            try (Batch b = l.next()) {
                assertArrayEquals(new long[]{16, 3, 24, 25, 2}, b.x().shape());
                first = b.x().data().asFloat();
                firstIdx = b.indices();
                for (int k = 0; k < 16; k++) {
                    assertEquals(ld.dataset().info(b.indices()[k]).label(), b.labels()[k]);
                }
            }
        }
        try (BatchLoader l = new BatchLoader(ld.dataset(), ld.split().train(), 16, true, p, 11, 3); Batch b = l.next()) {
            assertArrayEquals(firstIdx, b.indices());
            assertArrayEquals(first, b.x().data().asFloat());
        }
        try (BatchLoader l = new BatchLoader(ld.dataset(), ld.split().train(), 16, true, p, 11, 4); Batch b = l.next()) {
            assertTrue(!java.util.Arrays.equals(firstIdx, b.indices()), "another epoch, another order");
        }
        int seen = 0;
        try (BatchLoader l = new BatchLoader(ld.dataset(), ld.split().test(), 50, false, p, 11, 0)) {
            while (l.hasNext()) {
                try (Batch b = l.next()) {
                    seen += b.size();
                }
            }
        }
        assertEquals(ld.split().test().length, seen, "test batches cover every sample, the last one partial");
    }
}
