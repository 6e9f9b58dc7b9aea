package org.skelmae.spark;

import java.io.Serializable;

/**
 * Runs one experiment on a Spark worker. Input and output are JSON (a {@code PlannedExperiment}, an
 * {@code ExperimentOutcome}) so that nothing but strings crosses the cluster. An exception makes Spark
 * retry the task; failures of the experiment itself come back as FAILED outcomes instead.
 */
@FunctionalInterface
public interface RemoteTask extends Serializable {
    String run(String plannedExperiment, TaskSpec spec) throws Exception;
}
