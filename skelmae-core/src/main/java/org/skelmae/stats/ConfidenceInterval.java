package org.skelmae.stats;

/**
 * An estimate with a 95% confidence interval.
 *
 * @param estimate the point estimate (a mean or a mean difference), NaN when there is nothing to estimate
 * @param low      lower bound, NaN when no interval can be formed
 * @param high     upper bound, NaN when no interval can be formed
 * @param n        values (or pairs) behind it
 */
public record ConfidenceInterval(double estimate, double low, double high, int n) {

    /** Whether both bounds are numbers. */
    public boolean defined() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }
}
