package org.skelmae.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One classification experiment beside the paper. Accuracies are top-1 in percent.
 *
 * @param experiment    experiment group
 * @param kind          finetune, linprobe or scratch
 * @param method        published method name, or "from scratch"
 * @param variant       ablation setting or ""
 * @param labels        labelled share in percent
 * @param ours          the headline: last-epoch top-1, mean over runs (no epoch selected on the test set)
 * @param std           its sample standard deviation (0 for a single run, which reports print without ±)
 * @param n             runs
 * @param ciLow         lower bound of the t-based 95% interval of the mean, or null when n &lt; 2
 * @param ciHigh        upper bound, or null when n &lt; 2
 * @param bestOnTest    best-epoch top-1 (mean): the paper's protocol, optimistic because the test set selected the epoch
 * @param heldOut       top-1 at the held-out-selected epoch (mean), or null when the held-out rule does not allow it
 * @param paper         the paper's number, or null when it has none
 * @param paperSource   where that number is from (table and dataset)
 * @param delta         bestOnTest minus paper in points (same protocol on both sides), only when the settings are comparable
 */
@JsonPropertyOrder({"experiment", "kind", "method", "variant", "labels", "ours", "std", "n", "ciLow", "ciHigh", "bestOnTest", "heldOut",
        "paper", "paperSource", "delta"})
public record ComparisonRow(String experiment, String kind, String method, String variant, double labels, double ours, double std,
                            int n, Double ciLow, Double ciHigh, Double bestOnTest, Double heldOut, Double paper, String paperSource,
                            Double delta) {
}
