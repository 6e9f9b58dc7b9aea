package org.skelmae.benchmarks;

import org.skelmae.problem.ConfigurationException;
import org.skelmae.stats.PairedDifference;
import org.skelmae.stats.Statistics;
import org.skelmae.stats.Verdict;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether two runs of one suite give the same statistics, e.g. the same suite on the ND4J and the libtorch engine:
 * {@code java -cp <benchmarks classpath> org.skelmae.benchmarks.SuiteAgreement <a/results.json> <b/results.json>
 * [name of a] [name of b]}, where either side may be a comma-separated list of results files (a suite run in parts,
 * e.g. one method family at a time). Each group's runs are paired by (seed, subset seed), which start from the same weights,
 * data order and masks on both sides, and the paired difference b − a of the headline metric (the primary metric's
 * last-epoch value, as the suite's summary reports it) gets its 95% t interval. Prints a Markdown table, one row per
 * group present on both sides, and how many groups show no detectable difference; groups on one side only are listed,
 * never silently dropped.
 */
public final class SuiteAgreement {

    /**
     * One run's headline value.
     *
     * @param pair seed and subset seed, what pairs it with the other side's run
     */
    record Value(String group, String metric, boolean higherIsBetter, String pair, double value) {
    }

    /** One group's agreement: both sides' means and spreads over the paired runs, and the paired difference b − a. */
    record Row(String group, String metric, double meanA, double stdA, double meanB, double stdB, PairedDifference difference,
               Verdict verdict) {
    }

    private SuiteAgreement() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SuiteAgreement <a/results.json> <b/results.json> [name of a] [name of b]");
            System.exit(2);
        }
        List<SuiteResult> a = read(args[0]);
        List<SuiteResult> b = read(args[1]);
        String nameA = args.length > 2 ? args[2] : "a";
        String nameB = args.length > 3 ? args[3] : "b";
        List<Value> va = a.stream().flatMap(r -> values(r).stream()).toList();
        List<Value> vb = b.stream().flatMap(r -> values(r).stream()).toList();
        List<Row> rows = rows(va, vb);
        System.out.print(table(rows, nameA, nameB));
        long agree = rows.stream().filter(r -> r.verdict() == Verdict.NO_DETECTABLE_DIFFERENCE).count();
        System.out.printf(Locale.ROOT, "%n%d of %d groups: no detectable difference between %s and %s (95%% paired t intervals, "
                + "not corrected for multiple comparisons)%n", agree, rows.size(), nameA, nameB);
        System.out.printf(Locale.ROOT, "wall time: %s %.0f s, %s %.0f s%n", nameA, a.stream().mapToDouble(SuiteResult::wallSeconds).sum(),
                nameB, b.stream().mapToDouble(SuiteResult::wallSeconds).sum());
        for (String g : unmatched(va, vb)) {
            System.out.println("only in " + nameA + ": " + g);
        }
        for (String g : unmatched(vb, va)) {
            System.out.println("only in " + nameB + ": " + g);
        }
    }

    private static List<SuiteResult> read(String files) {
        List<SuiteResult> out = new ArrayList<>();
        for (String f : files.split(",")) {
            out.add(Json.read(Path.of(f.trim()), SuiteResult.class));
        }
        return out;
    }

    /** The headline value of every successful run of a suite result. */
    static List<Value> values(SuiteResult r) {
        List<Value> out = new ArrayList<>();
        for (ExperimentOutcome o : r.outcomes()) {
            if (o.status() == ExperimentOutcome.Status.OK) {
                var m = o.result().primary();
                out.add(new Value(SuiteResult.group(o), m.name(), m.higherIsBetter(),
                        o.experiment().config().seed() + "/" + o.experiment().subsetSeed(), m.last()));
            }
        }
        return out;
    }

    /** One row per group with at least one pair, in a's order of groups. */
    static List<Row> rows(List<Value> a, List<Value> b) {
        Map<String, Map<String, Value>> byGroupB = byGroup(b);
        List<Row> rows = new ArrayList<>();
        byGroup(a).forEach((group, runsA) -> {
            Map<String, Value> runsB = byGroupB.get(group);
            if (runsB == null) {
                return;
            }
            List<double[]> pairs = new ArrayList<>();
            runsA.forEach((pair, v) -> {
                Value w = runsB.get(pair);
                if (w != null) {
                    if (!w.metric().equals(v.metric())) {
                        throw new ConfigurationException("group " + group + ": the two results report different metrics, "
                                + v.metric() + " and " + w.metric());
                    }
                    pairs.add(new double[]{v.value(), w.value()});
                }
            });
            if (pairs.isEmpty()) {
                return;
            }
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            Value first = runsA.values().iterator().next();
            PairedDifference d = PairedDifference.of(y, x);
            Verdict verdict = d.n() < 2 ? Verdict.NOT_ENOUGH_RUNS : d.verdict(first.higherIsBetter());
            rows.add(new Row(group, first.metric(), Statistics.mean(x), spread(x), Statistics.mean(y), spread(y), d, verdict));
        });
        return rows;
    }

    /** The table: group, metric, pairs, each side's mean ± sd, b − a with its interval, the verdict for b. */
    static String table(List<Row> rows, String nameA, String nameB) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| group | metric | pairs | %s mean ± sd | %s mean ± sd | %s − %s [95%% CI] | %s is |%n",
                nameA, nameB, nameB, nameA, nameB));
        sb.append("|---|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            PairedDifference d = r.difference();
            String interval = Double.isNaN(d.low()) ? "" : String.format(Locale.ROOT, " [%+.4f, %+.4f]", d.low(), d.high());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f ± %.4f | %.4f ± %.4f | %+.4f%s | %s |%n", r.group(), r.metric(),
                    d.n(), r.meanA(), r.stdA(), r.meanB(), r.stdB(), d.mean(), interval, r.verdict().label()));
        }
        return sb.toString();
    }

    private static double spread(double[] v) {
        return v.length < 2 ? Double.NaN : Statistics.std(v);
    }

    private static Map<String, Map<String, Value>> byGroup(List<Value> values) {
        Map<String, Map<String, Value>> out = new LinkedHashMap<>();
        for (Value v : values) {
            Value old = out.computeIfAbsent(v.group(), k -> new TreeMap<>()).put(v.pair(), v);
            if (old != null) {
                throw new ConfigurationException("group " + v.group() + " holds two runs of seed/subset " + v.pair());
            }
        }
        return out;
    }

    private static List<String> unmatched(List<Value> a, List<Value> b) {
        Map<String, Map<String, Value>> other = byGroup(b);
        return byGroup(a).keySet().stream().filter(g -> !other.containsKey(g)).toList();
    }
}
