package org.skelmae.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.suite.Comparison;

/**
 * One comparison of two groups as the report shows it: accuracies in percentage points, losses as they are.
 *
 * @param a          the group compared
 * @param b          the group it is compared with
 * @param metric     primary metric (last epoch)
 * @param unit       "points" for accuracies, "" otherwise
 * @param interval   how the interval was formed (paired t over seeds, paired bootstrap over test samples, or none)
 * @param n          pairs
 * @param difference mean a − b, or null without pairs
 * @param low        lower 95% bound, or null
 * @param high       upper 95% bound, or null
 * @param verdict    better, worse, no detectable difference, or not enough runs
 */
@JsonPropertyOrder({"a", "b", "metric", "unit", "interval", "n", "difference", "low", "high", "verdict"})
public record DifferenceRow(String a, String b, String metric, String unit, String interval, int n, Double difference, Double low,
                            Double high, String verdict) {

    /** The row of a suite comparison. */
    static DifferenceRow of(Comparison c) {
        boolean pct = c.metric().endsWith("top1");
        double k = pct ? 100 : 1;
        return new DifferenceRow(c.a(), c.b(), c.metric(), pct ? "points" : "", c.interval(), c.n(), scaled(c.meanDifference(), k),
                scaled(c.ciLow(), k), scaled(c.ciHigh(), k), c.verdict().label());
    }

    private static Double scaled(double v, double k) {
        return Double.isNaN(v) ? null : k * v;
    }
}
