package org.skelmae.suite;

import java.util.List;
import java.util.function.Function;

/**
 * Runs the experiments of a plan, each after the experiments it depends on. Implementations decide
 * where and how many at a time: in this thread, on local threads, or on a cluster.
 */
public interface ExperimentExecutor {

    /**
     * @param plan in dependency order
     * @param task runs one experiment and never throws (failures come back as outcomes)
     * @return one outcome per plan entry, in plan order
     */
    List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> task);

    /** A short description for the log, e.g. "sequential" or "local[2]". */
    String describe();
}
