package org.skelmae.suite;

import org.nd4j.linalg.factory.Nd4j;

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
 * finished. ND4J's thread pool is process-wide, so the cores are divided deliberately: each experiment
 * gets cores / parallelism threads (at least one) for the duration of the suite.
 */
public final class LocalParallelExecutor implements ExperimentExecutor {

    private final int parallelism;

    public LocalParallelExecutor(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> task) {
        int before = Nd4j.getEnvironment().maxThreads();
        Nd4j.getEnvironment().setMaxThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism));
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
            Nd4j.getEnvironment().setMaxThreads(before);
        }
    }

    @Override
    public String describe() {
        return "local[" + parallelism + "]";
    }
}
