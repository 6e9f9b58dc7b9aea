package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.DataFingerprint;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;
import org.skelmae.stats.ConfidenceInterval;
import org.skelmae.stats.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.json} of a suite run: what was run (the resolved plan), on what data and machine, every
 * experiment's outcome with its full result, the summary rows the reports render, and the comparisons
 * between groups with their intervals.
 *
 * @param schemaVersion layout version
 * @param suite         the suite as declared
 * @param dataset       resolved dataset
 * @param synthetic     true when the data was the generated SYNTHETIC set
 * @param preset        resolved preset family
 * @param data          data fingerprint
 * @param environment   skelmae, Java, OS, ND4J backend and variant, threads
 * @param executor      how the experiments were run
 * @param command       the command that re-runs the suite
 * @param wallSeconds   wall time of this invocation
 * @param outcomes      every experiment
 * @param summary       aggregated rows (headline: last epoch)
 * @param comparisons   differences between groups (see {@link Comparisons}); read them with {@link #COMPARISONS_NOTE}
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "synthetic", "preset", "data", "environment", "executor", "command",
        "wallSeconds", "summary", "comparisons", "outcomes"})
public record SuiteResult(int schemaVersion, Suite suite, String dataset, boolean synthetic, String preset,
                          DataFingerprint data, Map<String, String> environment, String executor, String command,
                          double wallSeconds, List<ExperimentOutcome> outcomes, List<SummaryRow> summary,
                          List<Comparison> comparisons) {

    /** Current layout version: 2 added intervals, the last-epoch headline and comparisons. */
    public static final int SCHEMA_VERSION = 2;

    /** How to read the comparisons. */
    public static final String COMPARISONS_NOTE = "Each interval is a 95% interval for that comparison alone; they are not corrected "
            + "for multiple comparisons, so among many comparisons some intervals will exclude zero by chance.";

    /** Groups outcomes by experiment (subset seeds and run seeds pooled), in order of first appearance. */
    static Map<String, List<ExperimentOutcome>> groups(List<ExperimentOutcome> outcomes) {
        Map<String, List<ExperimentOutcome>> groups = new LinkedHashMap<>();
        for (ExperimentOutcome o : outcomes) {
            groups.computeIfAbsent(group(o), k -> new ArrayList<>()).add(o);
        }
        return groups;
    }

    /** The summary group of an outcome: its experiment name without the subset seed. */
    public static String group(ExperimentOutcome o) {
        return o.experiment().config().experiment().replaceFirst("-subset\\d+$", "");
    }

    /** Groups outcomes by experiment into summary rows; see {@link SummaryRow} for what each figure means. */
    public static List<SummaryRow> summarise(List<ExperimentOutcome> outcomes) {
        List<SummaryRow> rows = new ArrayList<>();
        groups(outcomes).forEach((g, list) -> {
            List<ExperimentOutcome> ok = list.stream().filter(o -> o.status() == ExperimentOutcome.Status.OK).toList();
            PlannedExperiment p = list.get(0).experiment();
            RunKind kind = p.config().kind();
            List<SummaryRow.Run> runs = ok.stream().map(o -> new SummaryRow.Run(o.experiment().config().seed(), o.experiment().subsetSeed(),
                    o.result().primary().last(), o.result().primary().best(), o.result().primary().selected())).toList();
            double[] last = runs.stream().mapToDouble(SummaryRow.Run::last).toArray();
            ConfidenceInterval ci = Statistics.meanCi95(last);
            // one run has no spread: 0 keeps the pre-interval contract of std, the NaN interval says it is unknown
            double std = last.length < 2 ? 0 : Statistics.std(last);
            double best = Statistics.mean(runs.stream().mapToDouble(SummaryRow.Run::best).toArray());
            double selected = heldOutLargeEnough(ok) ? Statistics.mean(runs.stream().mapToDouble(SummaryRow.Run::selected).toArray())
                    : Double.NaN;
            double wall = ok.stream().mapToDouble(o -> o.result().wallSeconds()).sum();
            RunResult.Metric metric = ok.isEmpty() ? null : ok.get(0).result().primary();
            rows.add(new SummaryRow(g, kind.name().toLowerCase(Locale.ROOT), p.method() == null ? null : p.method().id(), p.variant(),
                    p.labelFraction(), metric == null ? "" : metric.name(), metric == null || metric.higherIsBetter(), ci.estimate(), std,
                    last.length, ci.low(), ci.high(), runs, best, selected, wall));
        });
        return rows;
    }

    /**
     * The rule of {@link SummaryRow#HELD_OUT_RULE}: every run held out at least {@value SummaryRow#MIN_HELD_OUT_PER_CLASS}
     * samples per class and selected an epoch. A handful of held-out samples picks an epoch by noise, which is no more
     * honest than picking it on the test set.
     */
    static boolean heldOutLargeEnough(List<ExperimentOutcome> ok) {
        if (ok.isEmpty()) {
            return false;
        }
        for (ExperimentOutcome o : ok) {
            RunResult r = o.result();
            Double heldOut = r.secondary() == null ? null : r.secondary().get("heldOutSamples");
            if (r.best() == null || heldOut == null || Double.isNaN(r.primary().selected())
                    || heldOut < SummaryRow.MIN_HELD_OUT_PER_CLASS * r.best().classNames().size()) {
                return false;
            }
        }
        return true;
    }
}
