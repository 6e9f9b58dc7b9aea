package org.skelmae.reports.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.stats.GateTolerance;
import org.skelmae.stats.Statistics;
import org.skelmae.stats.Verdict;
import org.skelmae.suite.Comparison;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SummaryRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The accuracy gate: compares a suite's summary rows, and the paired differences between its groups
 * (each pre-trained method against the from-scratch control and against the first method, over the
 * same seeds), with its baseline. Differences are gated because seed-to-seed noise that moves both
 * groups of a pair cancels in them: a fault that disconnects pre-training from fine-tuning moves a
 * difference while each group alone stays within its spread. Each metric's tolerance comes
 * from the spread the baseline measured over its seeds ({@link GateTolerance}); a metric that moves
 * beyond it in the bad direction is a regression, one that moves beyond it in the good direction is a
 * change the gate also refuses unless improvements are allowed (numbers that move without a reason are
 * what a reproducibility gate exists to catch: accept them deliberately by updating the baseline), and a
 * gated metric absent from the results fails. Every row says how far it is from its threshold in units
 * of its tolerance. Whatever the baseline, a comparison whose two groups made identical predictions on
 * every test sample fails ({@link Status#IDENTICAL}): a pre-trained group that is its from-scratch control
 * run again, seed for seed, did not use its pre-training at all, however close its accuracy stays.
 */
public final class RegressionCheck {

    /** Verdict of one metric. */
    public enum Status {
        PASS, IMPROVED, REGRESSION, MISSING,
        /** Two groups that should differ made identical predictions (see {@link org.skelmae.stats.Verdict#IDENTICAL}). */
        IDENTICAL
    }

    /**
     * One line of the check.
     *
     * @param group     experiment group
     * @param metric    metric
     * @param baseline  baseline mean
     * @param actual    measured mean, null when missing
     * @param n         runs behind the measured mean
     * @param tolerance allowed distance
     * @param distance  signed shortfall in tolerances (positive = worse than the baseline; beyond 1 fails)
     * @param status    verdict
     */
    @JsonPropertyOrder({"group", "metric", "baseline", "actual", "n", "tolerance", "distance", "status"})
    public record Row(String group, String metric, double baseline, Double actual, int n, double tolerance, double distance,
                      Status status) {
    }

    /**
     * The outcome.
     *
     * @param suite             suite
     * @param rows              every gated metric
     * @param failOnImprovement whether IMPROVED rows fail the check
     * @param notes             what the reader must know: another machine, other seeds
     */
    public record Result(String suite, List<Row> rows, boolean failOnImprovement, List<String> notes) {

        public boolean failed() {
            return rows.stream().anyMatch(this::fails);
        }

        boolean fails(Row r) {
            return r.status() == Status.REGRESSION || r.status() == Status.MISSING || r.status() == Status.IDENTICAL
                    || failOnImprovement && r.status() == Status.IMPROVED;
        }

        /** An aligned table for the log. */
        public List<String> table() {
            List<String> out = new ArrayList<>(notes);
            out.add("tolerance per metric: " + GateTolerance.describe());
            out.add(String.format(Locale.ROOT, "%-46s %-22s %10s %10s %3s %10s %9s  %s", "experiment", "metric", "baseline", "actual",
                    "n", "tolerance", "distance", "status"));
            for (Row r : rows) {
                if (r.status() == Status.IDENTICAL) {
                    out.add(String.format(Locale.ROOT, "%-46s %-22s %10s %10s %3d %10s %9s  %s: every test prediction equal in all %d"
                            + " pairs, so what tells them apart had no effect (is the pre-trained encoder loaded?)", r.group(),
                            r.metric(), "-", "-", r.n(), "-", "-", r.status(), r.n()));
                    continue;
                }
                out.add(String.format(Locale.ROOT, "%-46s %-22s %10.4f %10s %3d %10.4f %9s  %s", r.group(), r.metric(), r.baseline(),
                        r.actual() == null ? "missing" : String.format(Locale.ROOT, "%.4f", r.actual()), r.n(), r.tolerance(),
                        r.actual() == null ? "-" : String.format(Locale.ROOT, "%+.2f tol", r.distance()), r.status()));
            }
            long bad = rows.stream().filter(this::fails).count();
            out.add(bad == 0 ? "check " + suite + ": all " + rows.size() + " metrics within tolerance"
                    : "check " + suite + ": " + bad + " of " + rows.size() + " metrics regressed, changed beyond tolerance or are missing");
            return out;
        }
    }

    private RegressionCheck() {
    }

    /** Checks the results against the baseline, failing on improvements too. */
    public static Result check(SuiteResult results, Baseline baseline) {
        return check(results, baseline, true);
    }

    /**
     * Checks the results against the baseline; a baseline of another suite, dataset or preset is refused.
     *
     * @param failOnImprovement whether a metric better than the baseline by more than its tolerance fails
     */
    public static Result check(SuiteResult results, Baseline baseline, boolean failOnImprovement) {
        if (!results.suite().name().equals(baseline.suite()) || !results.dataset().equals(baseline.dataset())
                || !results.preset().equals(baseline.preset())) {
            throw new ConfigurationException("the baseline is for suite " + baseline.suite() + " on " + baseline.dataset() + " (preset "
                    + baseline.preset() + "), the results are for suite " + results.suite().name() + " on " + results.dataset()
                    + " (preset " + results.preset() + "): check against the matching baseline");
        }
        List<Row> rows = new ArrayList<>();
        List<Baseline.Metric> measured = gated(results);
        for (Baseline.Metric m : baseline.metrics()) {
            Optional<Baseline.Metric> r = measured.stream().filter(x -> x.group().equals(m.group()) && x.metric().equals(m.metric()))
                    .findFirst();
            if (r.isEmpty()) {
                rows.add(new Row(m.group(), m.metric(), m.mean(), null, 0, Double.NaN, Double.NaN, Status.MISSING));
                continue;
            }
            double actual = r.get().mean();
            double tol = GateTolerance.of(m.metric(), m.mean(), m.std(), m.n(), r.get().n());
            double shortfall = m.higherIsBetter() ? m.mean() - actual : actual - m.mean();
            double distance = shortfall / tol;
            Status s = distance > 1 ? Status.REGRESSION : distance < -1 ? Status.IMPROVED : Status.PASS;
            rows.add(new Row(m.group(), m.metric(), m.mean(), actual, r.get().n(), tol, distance, s));
        }
        for (Comparison c : results.comparisons()) {
            if (c.verdict() == Verdict.IDENTICAL) {
                rows.add(new Row(c.a() + " - " + c.b(), "identical." + c.metric(), Double.NaN, c.meanDifference(), c.n(), Double.NaN,
                        Double.NaN, Status.IDENTICAL));
            }
        }
        return new Result(baseline.suite(), rows, failOnImprovement, notes(results, baseline));
    }

    private static List<String> notes(SuiteResult results, Baseline baseline) {
        List<String> notes = new ArrayList<>();
        Baseline.Machine here = machineOf(results);
        Baseline.Machine there = baseline.machine();
        if (there == null || !Objects.equals(here.cpu(), there.cpu()) || !Objects.equals(here.nativeVariant(), there.nativeVariant())
                || !Objects.equals(here.threads(), there.threads()) || !here.engine().equals(there.engine())) {
            notes.add("NOTE: the baseline was measured on another machine or engine (" + describe(there) + "); this run: " + describe(here)
                    + ". Same seeds are not bit-identical across processors or engines (these agree per step in float64, not bit for bit"
                    + " in float32); the tolerance absorbs seed-sized differences.");
        } else {
            notes.add("baseline measured on this kind of machine (" + describe(here) + "): same seeds should give the same numbers");
        }
        List<Long> seeds = seedsOf(results);
        if (!seeds.equals(baseline.seeds())) {
            notes.add("NOTE: the baseline's seeds " + baseline.seeds() + " differ from this run's " + seeds
                    + ": means over different seeds are compared");
        }
        return notes;
    }

    private static String describe(Baseline.Machine m) {
        return m == null ? "unknown" : m.cpu() + ", " + m.nativeVariant() + ", " + m.threads() + " threads, " + m.engine() + " engine";
    }

    static Baseline.Machine machineOf(SuiteResult r) {
        Map<String, String> env = r.environment();
        String nd4j = env.getOrDefault("nd4j", "");
        return new Baseline.Machine(env.get("cpu"), env.get("os"), nd4j.substring(nd4j.lastIndexOf(' ') + 1), env.get("threads"),
                env.get("engine"));
    }

    static List<Long> seedsOf(SuiteResult r) {
        return r.outcomes().stream().map(ExperimentOutcome::experiment).map(p -> p.config().seed()).distinct().sorted().toList();
    }

    /** A baseline holding the results' current gated means, spreads and run counts, and this machine. */
    public static Baseline baselineOf(SuiteResult results, String note) {
        return new Baseline(Baseline.SCHEMA_VERSION, results.suite().name(), results.dataset(), results.preset(), note,
                machineOf(results), seedsOf(results), gated(results));
    }

    /**
     * What the gate checks in a result: every summary row's headline (last-epoch mean, std and n over its
     * runs), and every paired difference over at least two seeds ({@code "<a> - <b>"}, metric
     * {@code difference.<metric>}), whose std over pairs is recovered from its t interval. The same list a baseline of
     * these results holds; the trend over earlier results reads it too.
     */
    public static List<Baseline.Metric> gated(SuiteResult results) {
        List<Baseline.Metric> metrics = new ArrayList<>();
        for (SummaryRow s : results.summary()) {
            if (s.n() == 0 || s.metric().isEmpty() || "cost".equals(s.kind())) {
                continue;
            }
            metrics.add(new Baseline.Metric(s.group(), s.metric(), s.higherIsBetter(), s.mean(), s.std(), s.n()));
        }
        for (Comparison c : results.comparisons()) {
            if (c.n() < 2 || !Double.isFinite(c.ciLow()) || !Double.isFinite(c.ciHigh())) {
                continue;
            }
            double std = (c.ciHigh() - c.ciLow()) / 2 * Math.sqrt(c.n()) / Statistics.tQuantile(Statistics.UPPER_975, c.n() - 1);
            metrics.add(new Baseline.Metric(c.a() + " - " + c.b(), "difference." + c.metric(), c.higherIsBetter(), c.meanDifference(),
                    std, c.n()));
        }
        return metrics;
    }
}
