package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One line of a suite's summary: an experiment across seeds and subset seeds, its primary metric as
 * mean ± sample standard deviation with n and the raw values.
 *
 * @param group         experiment name without the subset seed
 * @param kind          pretrain, finetune, linprobe, scratch or cost
 * @param method        method (null for scratch)
 * @param variant       variant (null when none)
 * @param labelFraction labelled share
 * @param metric        primary metric name
 * @param mean          mean of the best-epoch values
 * @param std           sample standard deviation (0 when n = 1)
 * @param n             number of runs
 * @param values        raw best-epoch values
 * @param lastMean      mean of last-epoch values
 * @param selectedMean  mean of held-out-selected values (NaN when none)
 * @param wallSeconds   total wall time of these runs
 */
@JsonPropertyOrder({"group", "kind", "method", "variant", "labelFraction", "metric", "mean", "std", "n", "values", "lastMean",
        "selectedMean", "wallSeconds"})
public record SummaryRow(String group, String kind, String method, String variant, double labelFraction, String metric,
                         double mean, double std, int n, List<Double> values, double lastMean, double selectedMean,
                         double wallSeconds) {
}
