package org.skelmae.suite;

import org.skelmae.data.LoadedDataset;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Provenance;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a suite plan with an executor, then writes {@code <output>/<suite>/results.json} and logs the
 * summary table. Finished experiments are skipped and interrupted ones resume, so re-running a suite
 * only does what is missing.
 */
public final class SuiteRunner {

    private final Path output;
    private final boolean overwrite;
    private final Progress progress;
    private final Function<ExperimentConfig, String> rerun;
    private final ExperimentExecutor executor;

    public SuiteRunner(Path output, boolean overwrite, Progress progress, Function<ExperimentConfig, String> rerun,
                       ExperimentExecutor executor) {
        this.output = output;
        this.overwrite = overwrite;
        this.progress = progress;
        this.rerun = rerun;
        this.executor = executor;
    }

    /** Runs the plan on the loaded dataset; {@code command} is the suite's re-run command for the records. */
    public SuiteResult run(SuitePlan plan, LoadedDataset data, String command) {
        long t0 = System.nanoTime();
        progress.info(String.format(Locale.ROOT, "suite %s: %d experiments on %s, preset %s, executor %s",
                plan.suite().name(), plan.experiments().size(), plan.dataset(), plan.preset(), executor.describe()));
        ExperimentRunner runner = new ExperimentRunner(output, overwrite, progress, rerun);
        List<ExperimentOutcome> outcomes = executor.execute(plan.experiments(), p -> runOne(runner, p, data));
        List<SummaryRow> summary = SuiteResult.summarise(outcomes);
        Provenance env = Provenance.capture(data.dataset().fingerprint(), Map.of(), Map.of(), command);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("skelmae", env.skelmaeVersion());
        environment.put("gitCommit", env.gitCommit());
        if (env.gitDirty() != null) {
            environment.put("gitDirty", env.gitDirty().toString());
        }
        environment.put("java", env.javaVersion());
        environment.put("os", env.os());
        environment.put("nd4j", env.nd4jVersion() + " " + env.backend() + " " + env.nativeVariant());
        environment.put("threads", Integer.toString(env.threads()));
        environment.put("cpus", Integer.toString(env.cpus()));
        SuiteResult result = new SuiteResult(SuiteResult.SCHEMA_VERSION, plan.suite(), plan.dataset(),
                "synthetic".equals(data.dataset().name()), plan.preset(), data.dataset().fingerprint(), environment,
                executor.describe(), command, (System.nanoTime() - t0) / 1e9, outcomes, summary);
        Path file = output.resolve(plan.suite().name()).resolve("results.json");
        try {
            Json.write(file, result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        table(result).forEach(progress::info);
        progress.info("suite " + plan.suite().name() + " results: " + file);
        return result;
    }

    private ExperimentOutcome runOne(ExperimentRunner runner, PlannedExperiment p, LoadedDataset data) {
        try {
            return new ExperimentOutcome(p, ExperimentOutcome.Status.OK, null, runner.run(p.config(), data));
        } catch (IOException | RuntimeException e) {
            progress.warn("[" + p.config().tag() + "] failed: " + e.getMessage());
            return new ExperimentOutcome(p, ExperimentOutcome.Status.FAILED, String.valueOf(e.getMessage()), null);
        }
    }

    /** The summary as aligned text lines. */
    public static List<String> table(SuiteResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-40s %-9s %7s %-16s %18s %9s %9s %3s %8s", "experiment", "kind", "labels", "metric",
                "best (mean±std)", "last", "selected", "n", "wall s"));
        for (SummaryRow row : r.summary()) {
            boolean pct = row.metric().endsWith("top1");
            double k = pct ? 100 : 1;
            String fmt = pct ? "%.2f" : "%.4g";
            lines.add(String.format(Locale.ROOT, "%-40s %-9s %6.0f%% %-16s %18s %9s %9s %3d %8.0f", row.group(), row.kind(),
                    100 * row.labelFraction(), row.metric(),
                    row.n() == 0 ? "failed" : String.format(Locale.ROOT, fmt + " ± " + fmt, k * row.mean(), k * row.std()),
                    row.n() == 0 ? "-" : String.format(Locale.ROOT, fmt, k * row.lastMean()),
                    Double.isNaN(row.selectedMean()) ? "-" : String.format(Locale.ROOT, fmt, k * row.selectedMean()),
                    row.n(), row.wallSeconds()));
        }
        long failed = r.outcomes().stream().filter(o -> o.status() != ExperimentOutcome.Status.OK).count();
        if (failed > 0) {
            lines.add(failed + " experiment(s) did not succeed:");
            r.outcomes().stream().filter(o -> o.status() != ExperimentOutcome.Status.OK)
                    .forEach(o -> lines.add("  " + o.experiment().id() + " " + o.status() + ": " + o.error()));
        }
        if (r.synthetic()) {
            lines.add("SYNTHETIC data: these numbers say nothing about real skeletons");
        }
        return lines;
    }
}
