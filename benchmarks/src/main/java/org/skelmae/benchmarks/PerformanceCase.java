package org.skelmae.benchmarks;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One measured case, shaped like a JMH result: what was run, the primary score with its raw samples,
 * and secondary figures.
 *
 * @param benchmark  "pretrain", "finetune" or "inference"
 * @param params     preset, batch, threads, native variant
 * @param score      median milliseconds per iteration
 * @param min        fastest iteration
 * @param max        slowest iteration
 * @param rawData    every measured iteration, in milliseconds
 * @param secondary  GFLOP per iteration, achieved GFLOP/s, share of the sgemm peak, samples/s, memory
 */
@JsonPropertyOrder({"benchmark", "params", "score", "min", "max", "rawData", "secondary"})
public record PerformanceCase(String benchmark, Map<String, String> params, double score, double min, double max,
                              List<Double> rawData, Map<String, Double> secondary) {
}
