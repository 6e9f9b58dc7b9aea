package org.skelmae.reports.history;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.reports.check.RegressionCheck;

import java.util.List;

/**
 * One line of a check history ({@link CheckHistory}): what {@code skelmae:check} found for one commit. Values are
 * null where they are unknown: a record built from an earlier {@code results.json} without a baseline has no baseline,
 * tolerance or status, and a metric the run lacked has no actual value.
 *
 * @param schemaVersion layout version ({@link #SCHEMA_VERSION})
 * @param commit        git commit of the results ({@code gitCommit} of their environment; "unknown" when absent)
 * @param dirty         whether the working tree had uncommitted changes ({@code gitDirty}), null when unknown
 * @param date          when the check ran (ISO-8601, UTC); for a record read from a results folder, when that
 *                      {@code results.json} was last written
 * @param cpu           processor of the run
 * @param engine        training engine ({@code engine} of the environment, "nd4j" when absent)
 * @param suite         suite name
 * @param dataset       dataset of the run
 * @param preset        preset family of the run
 * @param failed        whether the check failed; false when no baseline was checked
 * @param metrics       every gated metric of the check
 */
@JsonPropertyOrder({"schemaVersion", "commit", "dirty", "date", "cpu", "engine", "suite", "dataset", "preset", "failed", "metrics"})
public record CheckRecord(int schemaVersion, String commit, Boolean dirty, String date, String cpu, String engine, String suite,
                          String dataset, String preset, boolean failed, List<Metric> metrics) {

    /** Current layout version. */
    public static final int SCHEMA_VERSION = 1;

    public CheckRecord {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new ConfigurationException("check record has schemaVersion " + schemaVersion + ", expected " + SCHEMA_VERSION);
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** The commit's first 7 characters, with "+" when the tree was dirty. */
    public String shortCommit() {
        String c = commit == null || commit.isBlank() ? "unknown" : commit.matches("[0-9a-fA-F]{8,}") ? commit.substring(0, 7) : commit;
        return Boolean.TRUE.equals(dirty) ? c + "+" : c;
    }

    /** The day of {@link #date} (its first ten characters, yyyy-mm-dd). */
    public String day() {
        return date == null ? "" : date.length() >= 10 ? date.substring(0, 10) : date;
    }

    /** The metric of a group, or null when this record lacks it. */
    public Metric metric(String group, String metric) {
        return metrics.stream().filter(m -> m.group().equals(group) && m.metric().equals(metric)).findFirst().orElse(null);
    }

    /**
     * One gated metric of a check.
     *
     * @param group     experiment group, or {@code "<a> - <b>"} for a paired difference
     * @param metric    metric name, e.g. test.top1 or difference.test.top1
     * @param baseline  the baseline's mean, null when none was checked
     * @param tolerance allowed distance from the baseline, null when none was checked
     * @param actual    measured mean, null when the run lacked the metric
     * @param status    the gate's verdict, null when none was checked
     */
    @JsonPropertyOrder({"group", "metric", "baseline", "tolerance", "actual", "status"})
    public record Metric(String group, String metric, Double baseline, Double tolerance, Double actual, RegressionCheck.Status status) {

        public Metric {
            baseline = finite(baseline);
            tolerance = finite(tolerance);
            actual = finite(actual);
        }

        private static Double finite(Double v) {
            return v == null || !Double.isFinite(v) ? null : v;
        }

        /** Whether this metric alone is outside its tolerance or missing (not counting improvements the check allowed). */
        public boolean outside() {
            return status != null && status != RegressionCheck.Status.PASS;
        }
    }
}
