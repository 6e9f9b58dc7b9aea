package org.skelmae.spark;

import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.problem.SkelmaeException;
import org.skelmae.run.Commands;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunMain;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.PlannedExperiment;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default task: loads the experiment's dataset (once per worker JVM) and runs the experiment into
 * the shared output. A re-executed task (retry after a lost executor, speculative copy) finds the run
 * directory of a previous attempt and resumes from its checkpoint or returns its finished result; the
 * directory's lock keeps two live attempts from writing one run at once.
 */
public final class ExperimentTask implements RemoteTask {

    private static final Map<String, LoadedDataset> DATASETS = new ConcurrentHashMap<>();

    @Override
    public String run(String planned, TaskSpec spec) throws Exception {
        PlannedExperiment p = Json.mapper().readValue(planned, PlannedExperiment.class);
        Progress out = line -> System.out.println("[" + Thread.currentThread().getName() + "] " + line);
        LoadedDataset data = DATASETS.computeIfAbsent(p.config().dataset() + "|" + p.config().data(), k -> RunMain.load(p.config(),
                LoadOptions.defaults().withCacheDir(spec.cacheDir() == null ? null : Path.of(spec.cacheDir())), out));
        ExperimentOutcome o;
        try {
            o = new ExperimentOutcome(p, ExperimentOutcome.Status.OK, null,
                    new ExperimentRunner(Path.of(spec.output()), spec.overwrite(), out, c -> Commands.rerun(RunDirectory.of(Path.of(spec.output()), c), spec.dataProperties())).run(p.config(), data));
        } catch (SkelmaeException e) {
            // An expected problem (bad configuration or data, a diverged run) fails this experiment only: the outcome
            // says why and the suite goes on. Anything else, an IllegalArgumentException of an invariant or of ND4J
            // included, is a bug or a lost resource: it leaves the task, so Spark retries it (spark.task.maxFailures)
            // and, when every attempt fails, aborts the job with the stack trace, which the build shows as an error.
            o = new ExperimentOutcome(p, ExperimentOutcome.Status.FAILED, e.getMessage(), null);
        }
        return Json.line(o);
    }
}
