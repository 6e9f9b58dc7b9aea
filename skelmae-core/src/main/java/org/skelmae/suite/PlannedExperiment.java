package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.run.ExperimentConfig;

import java.util.List;

/**
 * One experiment of a suite plan and what it needs first.
 *
 * @param config        the run's configuration
 * @param dependsOn     ids of experiments that must finish first (the pre-training a fine-tune starts from)
 * @param method        method, or null for the from-scratch control
 * @param variant       variant name, or null
 * @param labelFraction labelled share (1 for pre-training)
 * @param subsetSeed    subset seed (0 when all labels)
 */
@JsonPropertyOrder({"config", "dependsOn", "method", "variant", "labelFraction", "subsetSeed"})
public record PlannedExperiment(ExperimentConfig config, List<String> dependsOn, Method method, String variant,
                                double labelFraction, long subsetSeed) {

    public PlannedExperiment {
        dependsOn = List.copyOf(dependsOn);
    }

    /** "experiment/seed-n", unique within a suite. */
    public String id() {
        return id(config.experiment(), config.seed());
    }

    static String id(String experiment, long seed) {
        return experiment + "/seed-" + seed;
    }
}
