package org.skelmae.reports.embedding;

import smile.manifold.TSNE;
import smile.math.MathEx;
import smile.projection.PCA;

import java.util.Locale;

/**
 * A two-dimensional map of feature vectors for the report: t-SNE (Smile's exact implementation) on the first principal
 * components of the standardised features, seeded; principal components alone when there are too few samples for
 * t-SNE's neighbourhoods. Only the map is computed here; how well classes separate is measured in the feature space
 * itself ({@link NeighbourAccuracy}), since t-SNE distances between clusters carry no meaning.
 *
 * @param points   per sample, (x, y)
 * @param method   {@code t-SNE} or {@code PCA}
 * @param settings everything that fixes the map, for the page (and so for re-drawing it)
 */
public record Projection(double[][] points, String method, String settings) {

    /** Fewer samples than this are mapped by PCA: t-SNE's perplexity needs about three neighbours per unit. */
    public static final int TSNE_MIN_SAMPLES = 30;
    /** Principal components t-SNE starts from (the usual reduction before t-SNE; less noise, faster distances). */
    public static final int PCA_COMPONENTS = 50;
    public static final double PERPLEXITY = 30;
    public static final double LEARNING_RATE = 200;
    public static final int ITERATIONS = 1000;

    /**
     * Maps features (one row per sample) to two dimensions.
     *
     * @param seed seeds t-SNE's random start (Smile draws it from its per-thread generator, seeded here)
     */
    public static Projection of(float[][] features, long seed) {
        double[][] z = standardise(features);
        int n = z.length;
        int dim = n == 0 ? 0 : z[0].length;
        if (n < TSNE_MIN_SAMPLES || dim < 2) {
            return new Projection(principal(z, 2), "PCA", String.format(Locale.ROOT,
                    "first two principal components of the standardised features (%d samples: too few for t-SNE, which needs %d)",
                    n, TSNE_MIN_SAMPLES));
        }
        int k = Math.min(PCA_COMPONENTS, Math.min(dim, n - 1));
        double[][] reduced = k < dim ? principal(z, k) : z;
        double perplexity = Math.min(PERPLEXITY, (n - 1) / 3.0);
        MathEx.setSeed(seed);
        // Smile takes a square matrix as squared distances; passing them always avoids mistaking n == dim data for one
        TSNE tsne = new TSNE(squaredDistances(reduced), 2, perplexity, LEARNING_RATE, ITERATIONS);
        return new Projection(tsne.coordinates, "t-SNE", String.format(Locale.ROOT,
                "t-SNE (Smile %s, exact) of the first %d principal components of the standardised features: perplexity %.3g,"
                        + " learning rate %.0f, %d iterations, seed %d", smileVersion(), k, perplexity, LEARNING_RATE, ITERATIONS, seed));
    }

    /** Each dimension centred and scaled to unit variance (constant dimensions become 0), as the probe's BatchNorm does. */
    public static double[][] standardise(float[][] x) {
        int n = x.length;
        if (n == 0) {
            return new double[0][];
        }
        int d = x[0].length;
        double[][] out = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] row : x) {
                mean += row[j];
            }
            mean /= n;
            double var = 0;
            for (float[] row : x) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            double sd = Math.sqrt(var / n);
            for (int i = 0; i < n; i++) {
                out[i][j] = sd > 1e-12 * (1 + Math.abs(mean)) ? (x[i][j] - mean) / sd : 0;
            }
        }
        return out;
    }

    private static double[][] principal(double[][] z, int k) {
        int n = z.length;
        int dim = n == 0 ? 0 : z[0].length;
        if (n < 2 || dim == 0) {
            return new double[n][2];
        }
        int keep = Math.min(k, Math.min(dim, n));
        double[][] p = PCA.fit(z).setProjection(keep).project(z);
        if (keep >= k) {
            return p;
        }
        double[][] padded = new double[n][k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p[i], 0, padded[i], 0, keep);
        }
        return padded;
    }

    static double[][] squaredDistances(double[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double t = x[i][c] - x[j][c];
                    s += t * t;
                }
                d[i][j] = s;
                d[j][i] = s;
            }
        }
        return d;
    }

    private static String smileVersion() {
        String v = TSNE.class.getPackage().getImplementationVersion();
        return v == null ? "2.6" : v;
    }
}
