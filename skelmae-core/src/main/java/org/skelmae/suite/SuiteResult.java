package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.DataFingerprint;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json} of a suite run: what was run (the resolved plan), on what data and machine, every
 * experiment's outcome with its full result, and the summary rows the reports render.
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
 * @param summary       aggregated rows
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "synthetic", "preset", "data", "environment", "executor", "command",
        "wallSeconds", "summary", "outcomes"})
public record SuiteResult(int schemaVersion, Suite suite, String dataset, boolean synthetic, String preset,
                          DataFingerprint data, Map<String, String> environment, String executor, String command,
                          double wallSeconds, List<ExperimentOutcome> outcomes, List<SummaryRow> summary) {

    /** Current layout version. */
    public static final int SCHEMA_VERSION = 1;

    /** Groups outcomes by experiment (subset seeds and run seeds pooled) into summary rows. */
    public static List<SummaryRow> summarise(List<ExperimentOutcome> outcomes) {
        Map<String, List<ExperimentOutcome>> groups = new LinkedHashMap<>();
        for (ExperimentOutcome o : outcomes) {
            String g = o.experiment().config().experiment().replaceFirst("-subset\\d+$", "");
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(o);
        }
        List<SummaryRow> rows = new ArrayList<>();
        groups.forEach((g, list) -> {
            List<RunResult> ok = list.stream().filter(o -> o.status() == ExperimentOutcome.Status.OK).map(ExperimentOutcome::result).toList();
            PlannedExperiment p = list.get(0).experiment();
            RunKind kind = p.config().kind();
            List<Double> values = ok.stream().map(r -> r.primary().best()).toList();
            double mean = mean(values);
            double std = std(values, mean);
            double last = mean(ok.stream().map(r -> r.primary().last()).toList());
            double selected = mean(ok.stream().map(r -> r.primary().selected()).filter(v -> !Double.isNaN(v)).toList());
            double wall = ok.stream().mapToDouble(RunResult::wallSeconds).sum();
            String metric = ok.isEmpty() ? "" : ok.get(0).primary().name();
            rows.add(new SummaryRow(g, kind.name().toLowerCase(java.util.Locale.ROOT), p.method() == null ? null : p.method().id(),
                    p.variant(), p.labelFraction(), metric, mean, std, values.size(), values, last, selected, wall));
        });
        return rows;
    }

    static double mean(List<Double> v) {
        return v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double std(List<Double> v, double mean) {
        if (v.size() < 2) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.size() - 1));
    }
}
