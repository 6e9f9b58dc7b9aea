package org.skelmae.reports.embedding;

/**
 * How well features separate classes, measured where the classifier works (not on a 2-D map): the leave-one-out
 * accuracy of a k-nearest-neighbour vote in the standardised feature space. A representation in which same-class
 * samples lie together scores high without any training; chance is about the largest class's share.
 */
public final class NeighbourAccuracy {

    /** Neighbours voting. */
    public static final int K = 5;

    private NeighbourAccuracy() {
    }

    /**
     * Leave-one-out k-NN accuracy (Euclidean); a tied vote goes to the tied class with the nearest voter.
     *
     * @param x      standardised features, one row per sample
     * @param labels class of each sample
     * @return the share of samples whose neighbours' vote names their class, or NaN for fewer than two samples
     */
    public static double leaveOneOut(double[][] x, int[] labels, int k) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        int classes = 0;
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        int kk = Math.min(k, n - 1);
        double[][] d = Projection.squaredDistances(x);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int[] nearest = nearest(d[i], i, kk);
            int[] votes = new int[classes];
            for (int j : nearest) {
                votes[labels[j]]++;
            }
            int best = -1;
            for (int j : nearest) {
                // nearest first: the first voter of a top-voted class wins ties
                if (best < 0 || votes[labels[j]] > votes[best]) {
                    best = labels[j];
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return correct / (double) n;
    }

    /** The {@code k} indices nearest by {@code row}, nearest first, leaving out {@code self} (ties: lower index first). */
    private static int[] nearest(double[] row, int self, int k) {
        int[] out = new int[k];
        double[] dist = new double[k];
        int have = 0;
        for (int j = 0; j < row.length; j++) {
            if (j == self) {
                continue;
            }
            double v = row[j];
            if (have == k && v >= dist[k - 1]) {
                continue;
            }
            int at = have < k ? have++ : k - 1;
            while (at > 0 && dist[at - 1] > v) {
                dist[at] = dist[at - 1];
                out[at] = out[at - 1];
                at--;
            }
            dist[at] = v;
            out[at] = j;
        }
        return out;
    }
}
