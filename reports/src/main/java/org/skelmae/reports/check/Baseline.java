package org.skelmae.reports.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Committed reference results of a suite (benchmarks module: {@code skelmae/baselines/<suite>.json}),
 * each metric with the tolerance a new run may fall short by before it counts as a regression.
 *
 * @param schemaVersion layout version
 * @param suite         suite name
 * @param dataset       dataset the values were measured on
 * @param preset        preset family
 * @param note          where the values came from
 * @param metrics       the gated metrics
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "preset", "note", "metrics"})
public record Baseline(int schemaVersion, String suite, String dataset, String preset, String note, List<Metric> metrics) {

    /**
     * One gated value.
     *
     * @param group          experiment group (summary row)
     * @param metric         metric name, e.g. test.top1 or validation.loss
     * @param value          baseline value (best epoch, mean over runs)
     * @param tolerance      allowed shortfall in the metric's unit
     * @param higherIsBetter direction
     */
    @JsonPropertyOrder({"group", "metric", "value", "tolerance", "higherIsBetter"})
    public record Metric(String group, String metric, double value, double tolerance, boolean higherIsBetter) {
    }
}
