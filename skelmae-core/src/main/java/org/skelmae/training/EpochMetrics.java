package org.skelmae.training;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * One line of {@code metrics.jsonl}: what an epoch did.
 *
 * @param epoch            1-based epoch
 * @param learningRate     learning rate of the epoch's last optimiser step (the schedule is evaluated per step)
 * @param train            training means: every loss part, accuracy, VQ perplexity and dead codes
 * @param validation       after the epoch: validation loss parts (pre-training) or test and held-out
 *                         accuracy (classification)
 * @param samplesPerSecond training throughput
 * @param seconds          wall time of the epoch (training and validation)
 */
@JsonPropertyOrder({"epoch", "learningRate", "train", "validation", "samplesPerSecond", "seconds"})
public record EpochMetrics(int epoch, double learningRate, Map<String, Double> train, Map<String, Double> validation,
                           double samplesPerSecond, double seconds) {
}
