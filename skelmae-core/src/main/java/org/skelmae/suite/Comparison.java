package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.stats.Verdict;

/**
 * The difference a − b of two summary groups' last-epoch primary metric, over runs paired by (seed,
 * subset seed), with its 95% interval and what that interval says. Built by {@link Comparisons}.
 *
 * @param a              the group compared (e.g. mvae-finetune-100pct)
 * @param b              the group it is compared with (e.g. scratch-100pct or mae-finetune-100pct)
 * @param metric         primary metric
 * @param higherIsBetter direction of the metric
 * @param interval       how the interval was formed: "paired t over n seeds", "paired bootstrap over N test samples",
 *                       or why there is none
 * @param n              pairs (runs present in both groups with the same seed and subset seed)
 * @param meanDifference mean of a − b over the pairs (NaN without pairs)
 * @param ciLow          lower 95% bound (NaN when no interval could be formed)
 * @param ciHigh         upper 95% bound (NaN when no interval could be formed)
 * @param verdict        better, worse, no detectable difference, or not enough runs (for a, relative to b)
 */
@JsonPropertyOrder({"a", "b", "metric", "higherIsBetter", "interval", "n", "meanDifference", "ciLow", "ciHigh", "verdict"})
public record Comparison(String a, String b, String metric, boolean higherIsBetter, String interval, int n, double meanDifference,
                         double ciLow, double ciHigh, Verdict verdict) {
}
