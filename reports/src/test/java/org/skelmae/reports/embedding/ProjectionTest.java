package org.skelmae.reports.embedding;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding map's projection and the k-NN accuracy that measures separation. */
class ProjectionTest {

    /** {@code classes} Gaussian blobs in {@code dim} dimensions, centres 10 apart, unit spread; labels i % classes. */
    static float[][] blobs(int n, int dim, int classes, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] centres = new float[classes][dim];
        for (int k = 0; k < classes; k++) {
            centres[k][k % dim] = 10;
        }
        float[][] x = new float[n][dim];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < dim; j++) {
                x[i][j] = centres[labels[i]][j] + (float) gaussian(rng);
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void tsneKeepsSeparatedClassesApartAndIsSeeded() {
        int[] labels = new int[150];
        float[][] x = blobs(150, 20, 3, 1, labels);
        Projection a = Projection.of(x, 7);
        assertEquals("t-SNE", a.method());
        assertTrue(a.settings().contains("perplexity 30") && a.settings().contains("seed 7") && a.settings().contains("first 20 principal"),
                a.settings());
        assertEquals(150, a.points().length);
        assertEquals(2, a.points()[0].length);
        double[][] standardised = Projection.standardise(x);
        assertEquals(1.0, NeighbourAccuracy.leaveOneOut(standardised, labels, 5), "separated blobs in the feature space");
        assertTrue(NeighbourAccuracy.leaveOneOut(a.points(), labels, 5) >= 0.95, "and on the map");
        assertArrayEquals(a.points(), Projection.of(x, 7).points(), "the same seed draws the same map");
        assertFalse(java.util.Arrays.deepEquals(a.points(), Projection.of(x, 8).points()), "the seed is used");
    }

    @Test
    void asManySamplesAsDimensionsAreDataNotDistances() {
        // two classes apart on every dimension (standardising keeps them apart), 40 samples of 40 dimensions: Smile would
        // read such a square matrix as distances if it were given the data
        int[] labels = new int[40];
        float[][] x = blobs(40, 40, 2, 3, labels);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                x[i][j] += labels[i] == 0 ? 2 : -2;
            }
        }
        Projection p = Projection.of(x, 1);
        assertEquals("t-SNE", p.method());
        assertTrue(NeighbourAccuracy.leaveOneOut(p.points(), labels, 5) >= 0.95);
    }

    @Test
    void fewSamplesFallBackToPrincipalComponents() {
        float[][] x = new float[12][5];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = i * (j + 1);
            }
        }
        Projection p = Projection.of(x, 1);
        assertEquals("PCA", p.method());
        assertTrue(p.settings().contains("12 samples"), p.settings());
        for (int i = 1; i < 12; i++) {
            // points on a line: the first component is monotone in i, the second is zero
            assertTrue(Math.abs(p.points()[i][0] - p.points()[i - 1][0]) > 0.1, "distinct along the line");
            assertEquals(0, p.points()[i][1], 1e-6);
        }
        assertEquals(Math.signum(p.points()[11][0] - p.points()[0][0]), Math.signum(p.points()[6][0] - p.points()[5][0]), "monotone");
    }

    @Test
    void standardisingCentresScalesAndZeroesConstantDimensions() {
        double[][] z = Projection.standardise(new float[][]{{1, 5, 2}, {3, 5, 2}, {5, 5, 2}});
        assertArrayEquals(new double[]{-Math.sqrt(1.5), 0, 0}, z[0], 1e-12);
        assertArrayEquals(new double[]{0, 0, 0}, z[1], 1e-12);
        assertArrayEquals(new double[]{Math.sqrt(1.5), 0, 0}, z[2], 1e-12);
    }

    @Test
    void neighbourVotesByHand() {
        // 1-D points: 0, 1, 2 of class 0 and 10, 11 of class 1, and 5 of class 1 nearer to class 0's points
        double[][] x = {{0}, {1}, {2}, {10}, {11}, {5}};
        int[] labels = {0, 0, 0, 1, 1, 1};
        // k = 1: 0->1 ok, 1->0 ok, 2->1 ok, 10->11 ok, 11->10 ok, 5->2 (class 0) wrong
        assertEquals(5 / 6.0, NeighbourAccuracy.leaveOneOut(x, labels, 1), 1e-12);
        // k = 2: point 5's neighbours 2 (class 0, 9) and 1 (class 0, 16): wrong; point 2's: 1 and 0 (class 0): right;
        // point 10's: 11 (class 1) and 5 (class 1): right; the tie of point 0 (1 and 2, class 0) is no tie
        assertEquals(5 / 6.0, NeighbourAccuracy.leaveOneOut(x, labels, 2), 1e-12);
        // a tied vote goes to the nearest voter's class. 5 (class 1) -> {4: class 0, 7: class 1}: tie, 4 is nearer: wrong;
        // 4 (class 0) -> {5, 7}: class 1: wrong; 7 (class 1) -> {5: class 1, 4: class 0}: tie, 5 is nearer: right
        assertEquals(1 / 3.0, NeighbourAccuracy.leaveOneOut(new double[][]{{5}, {4}, {7}}, new int[]{1, 0, 1}, 2), 1e-12);
    }
}
