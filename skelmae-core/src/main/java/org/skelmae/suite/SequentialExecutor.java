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
            ExperimentOutcome o = blockedBy(p, done);
            if (o == null) {
                o = task.apply(p);
            }
            done.put(p.id(), o);
            out.add(o);
        }
        return out;
    }

    /** A SKIPPED outcome when a dependency did not succeed, else null. */
    static ExperimentOutcome blockedBy(PlannedExperiment p, Map<String, ExperimentOutcome> done) {
        for (String d : p.dependsOn()) {
            ExperimentOutcome dep = done.get(d);
            if (dep == null || dep.status() != ExperimentOutcome.Status.OK) {
                return new ExperimentOutcome(p, ExperimentOutcome.Status.SKIPPED, "dependency " + d + " did not succeed", null);
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "sequential";
    }
}
