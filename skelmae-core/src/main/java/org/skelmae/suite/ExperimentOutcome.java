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

    /** A SKIPPED outcome when one of the experiment's dependencies did not succeed, else null. */
    public static ExperimentOutcome blockedBy(PlannedExperiment p, java.util.Map<String, ExperimentOutcome> done) {
        for (String d : p.dependsOn()) {
            ExperimentOutcome dep = done.get(d);
            if (dep == null || dep.status() != Status.OK) {
                return new ExperimentOutcome(p, Status.SKIPPED, "dependency " + d + " did not succeed", null);
            }
        }
        return null;
    }
}
