package org.skelmae.suite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs experiments one after the other in plan order; a failed dependency skips its dependents. */
public final class SequentialExecutor implements ExperimentExecutor {

    @Override
    public List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> task) {
        Map<String, ExperimentOutcome> done = new HashMap<>();
        List<ExperimentOutcome> out = new ArrayList<>();
        for (PlannedExperiment p : plan) {
            ExperimentOutcome o = ExperimentOutcome.blockedBy(p, done);
            if (o == null) {
                o = task.apply(p);
            }
            done.put(p.id(), o);
            out.add(o);
        }
        return out;
    }

    @Override
    public String describe() {
        return "sequential";
    }
}
