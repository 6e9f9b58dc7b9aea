package org.skelmae.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One classification experiment beside the paper.
 *
 * @param experiment    experiment group
 * @param kind          finetune, linprobe or scratch
 * @param method        published method name, or "from scratch"
 * @param variant       ablation setting or ""
 * @param labels        labelled share in percent
 * @param ours          best-epoch top-1 in percent, mean over runs
 * @param std           its sample standard deviation
 * @param n             runs
 * @param last          last-epoch top-1 in percent (mean)
 * @param selected      top-1 at the held-out-selected epoch in percent (mean), or null
 * @param paper         the paper's number, or null when it has none
 * @param paperSource   where that number is from (table and dataset)
 * @param delta         ours minus paper in points, only when the settings are comparable
 */
@JsonPropertyOrder({"experiment", "kind", "method", "variant", "labels", "ours", "std", "n", "last", "selected", "paper",
        "paperSource", "delta"})
public record ComparisonRow(String experiment, String kind, String method, String variant, double labels, double ours, double std,
                            int n, double last, Double selected, Double paper, String paperSource, Double delta) {
}
