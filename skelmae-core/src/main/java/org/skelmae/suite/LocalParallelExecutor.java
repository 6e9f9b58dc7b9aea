package org.skelmae.suite;

import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs up to {@code parallelism} experiments at once in this JVM, each as soon as its dependencies
 * finished. Each experiment trains with the thread count of its configuration (applied by the
 * experiment runner), exactly as in a sequential run, so the numbers do not depend on the executor; with
 * parallelism × threads above the machine's cores the experiments share cores and take longer.
 */
public final class LocalParallelExecutor implements ExperimentExecutor {

    private final int parallelism;

    public LocalParallelExecutor(int parallelism) {
        if (parallelism < 1) {
            throw new ConfigurationException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> task) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "skelmae-experiment");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, CompletableFuture<ExperimentOutcome>> byId = new HashMap<>();
            List<CompletableFuture<ExperimentOutcome>> ordered = new ArrayList<>();
            for (PlannedExperiment p : plan) {
                CompletableFuture<?>[] deps = p.dependsOn().stream().map(byId::get)
                        .filter(java.util.Objects::nonNull).toArray(CompletableFuture[]::new);
                CompletableFuture<ExperimentOutcome> f = CompletableFuture.allOf(deps).thenApplyAsync(ignored -> {
                    Map<String, ExperimentOutcome> done = new HashMap<>();
                    for (String d : p.dependsOn()) {
                        CompletableFuture<ExperimentOutcome> dep = byId.get(d);
                        if (dep != null) {
                            done.put(d, dep.join());
                        }
                    }
                    ExperimentOutcome blocked = ExperimentOutcome.blockedBy(p, done);
                    return blocked != null ? blocked : task.apply(p);
                }, pool);
                byId.put(p.id(), f);
                ordered.add(f);
            }
            return ordered.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "local[" + parallelism + "]";
    }
}
