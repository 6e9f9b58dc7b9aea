package org.skelmae.reports.reference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One published number.
 *
 * @param table         where it comes from, e.g. "1" for the paper's Table 1, or "MAMP README"
 * @param method        method as published, e.g. SkeletonMVAE
 * @param backbone      backbone
 * @param dataset       dataset and protocol in this project's names, e.g. ntu60-xsub
 * @param protocol      finetune, semi, linear, supervised, ablation-*, cost
 * @param labelFraction labelled share
 * @param variant       ablation setting in this project's variant names (null when none)
 * @param metric        top1, params, flops, pretrainHours
 * @param value         the number as published
 * @param unit          %, M, G, h
 * @param source        where it was taken from
 * @param verified      whether it was checked against the source
 * @param note          caveat, or null
 */
@JsonPropertyOrder({"table", "method", "backbone", "dataset", "protocol", "labelFraction", "variant", "metric", "value", "unit",
        "source", "verified", "note"})
public record ReferenceEntry(String table, String method, String backbone, String dataset, String protocol, double labelFraction,
                             String variant, String metric, double value, String unit, String source, boolean verified,
                             String note) {
}
