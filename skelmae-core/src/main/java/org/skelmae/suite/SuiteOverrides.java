package org.skelmae.suite;

import org.skelmae.problem.ConfigurationException;

import java.util.List;

/**
 * Command-line values that replace a suite's defaults; null (or empty) means "keep the suite's".
 *
 * @param dataset        dataset and protocol
 * @param data           data folder or file
 * @param preset         preset family
 * @param seeds          run seeds
 * @param epochs         both pre-training and fine-tuning epochs
 * @param pretrainEpochs pre-training epochs (beats epochs)
 * @param finetuneEpochs fine-tuning epochs (beats epochs)
 * @param batchSize      batch size
 * @param learningRate   base learning rate (0 keeps the per-latent default)
 * @param milestones     LR decay epochs at the 200-epoch reference
 * @param minSteps       least optimiser steps of every phase (replaces minPretrainSteps and minFinetuneSteps; 0 for none)
 * @param threads        ND4J threads of every run (null: ND4J's default for this machine)
 */
public record SuiteOverrides(String dataset, String data, String preset, List<Long> seeds, Integer epochs,
                             Integer pretrainEpochs, Integer finetuneEpochs, Integer batchSize, Double learningRate,
                             List<Integer> milestones, Integer minSteps, Integer threads) {

    /** No overrides. */
    public static SuiteOverrides none() {
        return new SuiteOverrides(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Parses "60,90,110" into milestones; blank gives null. */
    public static List<Integer> parseMilestones(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new ConfigurationException("skelmae.milestones must be a comma-separated list of epochs, got '" + text + "'");
        }
    }

    /** Parses "1,2,3" into seeds; blank gives null. */
    public static List<Long> parseSeeds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw new ConfigurationException("skelmae.seeds must be a comma-separated list of integers, got '" + text + "'");
        }
    }

    public SuiteOverrides {
        if (minSteps != null && minSteps < 0) {
            throw new ConfigurationException("skelmae.minSteps must be >= 0 (0 for no minimum), got " + minSteps);
        }
    }
}
