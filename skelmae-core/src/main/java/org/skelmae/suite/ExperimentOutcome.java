package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.run.RunResult;

/**
 * How one planned experiment ended.
 *
 * @param experiment the plan entry
 * @param status     ok, failed, or skipped (a dependency failed)
 * @param error      the failure message, or null
 * @param result     the run's result when ok
 */
@JsonPropertyOrder({"experiment", "status", "error", "result"})
public record ExperimentOutcome(PlannedExperiment experiment, Status status, String error, RunResult result) {

    /** Final state of an experiment. */
    public enum Status { OK, FAILED, SKIPPED }
}
