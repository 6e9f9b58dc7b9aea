package org.skelmae.stats;

/**
 * The difference a − b over paired runs (the same seed and subset on both sides), with the paired t
 * interval: mean(d) ± t(0.975, n − 1) · sd(d) / √n. Pairing removes the seed-to-seed variation both
 * sides share, so it detects smaller differences than comparing two means would.
 *
 * @param mean mean of the differences (NaN without pairs)
 * @param std  sample standard deviation of the differences (NaN for n &lt; 2)
 * @param n    pairs
 * @param low  lower 95% bound (NaN for n &lt; 2)
 * @param high upper 95% bound (NaN for n &lt; 2)
 */
public record PairedDifference(double mean, double std, int n, double low, double high) {

    /** The paired difference of two equally long arrays, element i of a paired with element i of b. */
    public static PairedDifference of(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values need equal lengths, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        ConfidenceInterval ci = Statistics.meanCi95(d);
        return new PairedDifference(ci.estimate(), Statistics.std(d), d.length, ci.low(), ci.high());
    }

    /** The verdict of this interval for a metric of the given direction. */
    public Verdict verdict(boolean higherIsBetter) {
        return Verdict.of(low, high, higherIsBetter);
    }
}
