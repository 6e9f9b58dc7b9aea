package org.skelmae.suite;

import org.skelmae.data.LoadedDataset;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Predictions;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Provenance;
import org.skelmae.run.RunDirectory;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        List<Comparison> comparisons = Comparisons.of(outcomes, lastEpochPredictions());
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
        environment.put("engine", Engine.selected().name());
        environment.put("threads", Integer.toString(env.threads()));
        environment.put("cpus", Integer.toString(env.cpus()));
        environment.put("cpu", env.cpu());
        SuiteResult result = new SuiteResult(SuiteResult.SCHEMA_VERSION, plan.suite(), plan.dataset(),
                "synthetic".equals(data.dataset().name()), plan.preset(), data.dataset().fingerprint(), environment,
                executor.describe(), command, (System.nanoTime() - t0) / 1e9, outcomes, summary, comparisons);
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

    /**
     * A classifier run's last-epoch test predictions, read once per run from its saved file; null when the run failed
     * or saved none.
     */
    private Function<ExperimentOutcome, Predictions> lastEpochPredictions() {
        Map<Path, Optional<Predictions>> read = new HashMap<>();
        return o -> {
            Path file = RunDirectory.predictions(RunDirectory.of(output, o.experiment().config()), "last");
            if (o.status() != ExperimentOutcome.Status.OK || !java.nio.file.Files.isRegularFile(file)) {
                return null;
            }
            return read.computeIfAbsent(file, f -> {
                try {
                    return Optional.of(Predictions.read(f));
                } catch (IOException e) {
                    progress.warn("cannot read " + f + " (" + e.getMessage() + "): its comparisons get no per-sample analysis");
                    return Optional.empty();
                }
            }).orElse(null);
        };
    }

    private ExperimentOutcome runOne(ExperimentRunner runner, PlannedExperiment p, LoadedDataset data) {
        try {
            return new ExperimentOutcome(p, ExperimentOutcome.Status.OK, null, runner.run(p.config(), data));
        } catch (IOException | RuntimeException e) {
            progress.warn("[" + p.config().tag() + "] failed: " + e.getMessage());
            return new ExperimentOutcome(p, ExperimentOutcome.Status.FAILED, String.valueOf(e.getMessage()), null);
        }
    }

    /**
     * The summary as aligned text lines: per group the last-epoch headline (mean ± std, 95% interval, n), the
     * paper's optimistic best-on-test figure and the held-out selection where its rule allows; then the
     * comparisons with their verdicts.
     */
    public static List<String> table(SuiteResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-40s %-9s %7s %-16s %18s %19s %3s %12s %9s %8s", "experiment", "kind", "labels", "metric",
                "last (mean±std)", "95% CI", "n", "best on test*", "held-out", "wall s"));
        for (SummaryRow row : r.summary()) {
            boolean pct = row.metric().endsWith("top1");
            lines.add(String.format(Locale.ROOT, "%-40s %-9s %6.0f%% %-16s %18s %19s %3d %12s %9s %8.0f", row.group(), row.kind(),
                    100 * row.labelFraction(), row.metric(),
                    row.n() == 0 ? "failed" : row.n() == 1 ? num(row.mean(), pct) : num(row.mean(), pct) + " ± " + num(row.std(), pct),
                    interval(row.ciLow(), row.ciHigh(), pct), row.n(), num(row.bestOnTestMean(), pct), num(row.heldOutSelectedMean(), pct),
                    row.wallSeconds()));
        }
        lines.add("* best on test: the paper's protocol, optimistic (the epoch was selected on the test set). " + SummaryRow.HELD_OUT_RULE);
        if (!r.comparisons().isEmpty()) {
            lines.add(String.format(Locale.ROOT, "%-60s %-16s %10s %19s %3s %-44s %s", "comparison (a − b, last epoch)", "metric",
                    "difference", "95% CI", "n", "interval", "verdict"));
            for (Comparison c : r.comparisons()) {
                boolean pct = c.metric().endsWith("top1");
                lines.add(String.format(Locale.ROOT, "%-60s %-16s %10s %19s %3d %-44s %s", c.a() + " − " + c.b(), c.metric(),
                        (c.meanDifference() > 0 ? "+" : "") + num(c.meanDifference(), pct), interval(c.ciLow(), c.ciHigh(), pct), c.n(), c.interval(), c.verdict().label()));
            }
            lines.add(SuiteResult.COMPARISONS_NOTE);
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

    /** Accuracies in percent with two decimals, other metrics with four significant digits, "-" for NaN. */
    private static String num(double v, boolean pct) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, pct ? "%.2f" : "%.4g", pct ? 100 * v : v);
    }

    private static String interval(double low, double high, boolean pct) {
        return Double.isNaN(low) || Double.isNaN(high) ? "-" : "[" + num(low, pct) + ", " + num(high, pct) + "]";
    }
}
