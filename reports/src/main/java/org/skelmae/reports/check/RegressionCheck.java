package org.skelmae.reports.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SummaryRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares a suite's results with its baseline: a metric regresses when it falls short of the baseline
 * by more than its tolerance; a gated metric absent from the results fails too.
 */
public final class RegressionCheck {

    /** Default tolerance of accuracies (fractions): 5 points. */
    public static final double ACCURACY_TOLERANCE = 0.05;
    /** Default relative tolerance of losses: 25%. */
    public static final double LOSS_TOLERANCE = 0.25;

    /** Verdict of one metric. */
    public enum Status { PASS, IMPROVED, REGRESSION, MISSING }

    /**
     * One line of the check.
     *
     * @param group     experiment group
     * @param metric    metric
     * @param baseline  baseline value
     * @param actual    measured value, null when missing
     * @param tolerance allowed shortfall
     * @param status    verdict
     */
    @JsonPropertyOrder({"group", "metric", "baseline", "actual", "tolerance", "status"})
    public record Row(String group, String metric, double baseline, Double actual, double tolerance, Status status) {
    }

    /**
     * The outcome.
     *
     * @param suite suite
     * @param rows  every gated metric
     */
    public record Result(String suite, List<Row> rows) {
        public boolean failed() {
            return rows.stream().anyMatch(r -> r.status() == Status.REGRESSION || r.status() == Status.MISSING);
        }

        /** An aligned table for the log. */
        public List<String> table() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "%-36s %-16s %10s %10s %10s  %s", "experiment", "metric", "baseline", "actual", "tolerance", "status"));
            for (Row r : rows) {
                out.add(String.format(Locale.ROOT, "%-36s %-16s %10.4f %10s %10.4f  %s", r.group(), r.metric(), r.baseline(),
                        r.actual() == null ? "missing" : String.format(Locale.ROOT, "%.4f", r.actual()), r.tolerance(), r.status()));
            }
            long bad = rows.stream().filter(r -> r.status() == Status.REGRESSION || r.status() == Status.MISSING).count();
            out.add(bad == 0 ? "check " + suite + ": all " + rows.size() + " metrics within tolerance"
                    : "check " + suite + ": " + bad + " of " + rows.size() + " metrics regressed or are missing");
            return out;
        }
    }

    private RegressionCheck() {
    }

    /** Checks the results against the baseline; a baseline of another suite or dataset is refused. */
    public static Result check(SuiteResult results, Baseline baseline) {
        if (!results.suite().name().equals(baseline.suite()) || !results.dataset().equals(baseline.dataset())
                || !results.preset().equals(baseline.preset())) {
            throw new IllegalArgumentException("the baseline is for suite " + baseline.suite() + " on " + baseline.dataset() + " (preset "
                    + baseline.preset() + "), the results are for suite " + results.suite().name() + " on " + results.dataset()
                    + " (preset " + results.preset() + "): check against the matching baseline");
        }
        List<Row> rows = new ArrayList<>();
        for (Baseline.Metric m : baseline.metrics()) {
            Optional<SummaryRow> r = results.summary().stream().filter(s -> s.group().equals(m.group()) && s.metric().equals(m.metric())
                    && s.n() > 0).findFirst();
            if (r.isEmpty()) {
                rows.add(new Row(m.group(), m.metric(), m.value(), null, m.tolerance(), Status.MISSING));
                continue;
            }
            double actual = r.get().mean();
            double shortfall = m.higherIsBetter() ? m.value() - actual : actual - m.value();
            Status s = shortfall > m.tolerance() ? Status.REGRESSION : shortfall < -m.tolerance() ? Status.IMPROVED : Status.PASS;
            rows.add(new Row(m.group(), m.metric(), m.value(), actual, m.tolerance(), s));
        }
        return new Result(baseline.suite(), rows);
    }

    /** A baseline holding the results' current values with the default tolerances. */
    public static Baseline baselineOf(SuiteResult results, String note) {
        List<Baseline.Metric> metrics = new ArrayList<>();
        for (SummaryRow s : results.summary()) {
            if (s.n() == 0 || s.metric().isEmpty() || "cost".equals(s.kind())) {
                continue;
            }
            boolean accuracy = s.metric().endsWith("top1");
            boolean higher = accuracy;
            double tol = accuracy ? ACCURACY_TOLERANCE : LOSS_TOLERANCE * Math.abs(s.mean());
            metrics.add(new Baseline.Metric(s.group(), s.metric(), s.mean(), tol, higher));
        }
        return new Baseline(1, results.suite().name(), results.dataset(), results.preset(), note, metrics);
    }
}
