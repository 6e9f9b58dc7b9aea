package org.skelmae.stats;

import java.util.Arrays;
import java.util.Random;

/**
 * A paired bootstrap over test samples: the uncertainty of accuracy(A) − accuracy(B) when there is only
 * one run of each, so the spread across seeds is unknown and only the finite test set can be resampled.
 * Test samples are drawn with replacement, the same draw for both runs (that is the pairing), and the
 * 2.5th and 97.5th percentiles of the resampled differences bound the interval.
 *
 * <p>This captures test-set sampling noise only, not training noise: it is narrower than a seed-based
 * interval would be, which is why reports name which interval was used.
 */
public final class PairedBootstrap {

    /** Resamples used by {@link #ci95(boolean[], boolean[])}. */
    public static final int RESAMPLES = 2000;
    /** Seed used by {@link #ci95(boolean[], boolean[])}, fixed so reports are reproducible. */
    public static final long SEED = 20_240_601L;

    private PairedBootstrap() {
    }

    /** {@link #ci95(boolean[], boolean[], int, long)} with {@value #RESAMPLES} resamples and the fixed {@link #SEED}. */
    public static ConfidenceInterval ci95(boolean[] a, boolean[] b) {
        return ci95(a, b, RESAMPLES, SEED);
    }

    /**
     * Percentile 95% interval of accuracy(a) − accuracy(b).
     *
     * @param a         per-test-sample correctness of run A
     * @param b         of run B, same samples in the same order
     * @param resamples bootstrap resamples
     * @param seed      random seed ({@link Random}, whose sequence is specified, so the result is the same on every JVM)
     * @return the observed difference with its interval; n is the number of test samples
     */
    public static ConfidenceInterval ci95(boolean[] a, boolean[] b, int resamples, long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples need equal lengths, got " + a.length + " and " + b.length);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1");
        }
        int n = a.length;
        if (n == 0) {
            return new ConfidenceInterval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        // per sample, the difference is +1, 0 or −1: resampling differences is resampling pairs
        int[] d = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = (a[i] ? 1 : 0) - (b[i] ? 1 : 0);
            sum += d[i];
        }
        Random rng = new Random(seed);
        double[] diffs = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += d[rng.nextInt(n)];
            }
            diffs[r] = s / (double) n;
        }
        Arrays.sort(diffs);
        // order statistics: with 2000 resamples the 51st and the 1950th smallest
        double low = diffs[(int) Math.floor(0.025 * resamples)];
        double high = diffs[Math.max(0, (int) Math.ceil(0.975 * resamples) - 1)];
        return new ConfidenceInterval(sum / (double) n, low, high, n);
    }
}
