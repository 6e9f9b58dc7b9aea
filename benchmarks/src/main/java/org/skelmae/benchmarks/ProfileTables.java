package org.skelmae.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Markdown tables of one {@link ProfileCase}, computed from its rows only (so that
 * benchmarks/reference/profile_merge.py can compute the same ones from the JSON): the step's parts, time
 * per forward op type and input shapes with its backward ops, what the backward consists of, and time per
 * category. Every figure is the median over the recorded steps of a per-step sum, so the rows of a table
 * need not add up exactly to its total.
 */
final class ProfileTables {

    static final int TOP = 25;

    /** Per-step sums of the rows that share a key. */
    private static final class Group {
        final String label;
        final String detail;
        final String category;
        final double[] fwd;
        final double[] bwd;
        final double[] gap;
        double fwdCalls;
        double bwdCalls;
        final TreeSet<String> owners = new TreeSet<>();

        Group(String label, String detail, String category, int steps) {
            this.label = label;
            this.detail = detail;
            this.category = category;
            this.fwd = new double[steps];
            this.bwd = new double[steps];
            this.gap = new double[steps];
        }

        void add(ProfileCase.Row r) {
            boolean backward = r.phase().equals("backward");
            for (int i = 0; i < fwd.length; i++) {
                (backward ? bwd : fwd)[i] += r.rawMs().get(i);
                gap[i] += r.rawGapMs().get(i);
            }
            if (backward) {
                bwdCalls += r.calls();
            } else {
                fwdCalls += r.calls();
            }
            owners.add(r.owner());
        }

        double fwdMs() {
            return median(fwd);
        }

        double bwdMs() {
            return median(bwd);
        }

        double totalMs() {
            double[] t = new double[fwd.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = fwd[i] + bwd[i];
            }
            return median(t);
        }

        double gapMs() {
            return median(gap);
        }
    }

    private ProfileTables() {
    }

    /** All tables of the case, with a heading. */
    static String markdown(ProfileCase c) {
        StringBuilder sb = new StringBuilder();
        Map<String, Double> s = c.secondary();
        double step = c.score();
        String overhead = s.containsKey("baselineMs") ? String.format(Locale.ROOT, " (%.1f without the profiler, %+.1f%%)",
                s.get("baselineMs"), s.get("listenerOverheadPct")) : "";
        sb.append(String.format(Locale.ROOT, "## %s %s: batch %s, %s recorded steps, %.1f ms/step%s%n%n", c.params().get("preset"),
                c.benchmark().replace("profile:", ""), c.params().get("batch"), c.params().get("steps"), step, overhead));
        sb.append(String.format(Locale.ROOT, "Executed ops per step: %.0f forward + %.0f backward (graph: %.0f forward ops, grad function %.0f ops).%n%n",
                s.get("executedForwardOps"), s.get("executedBackwardOps"), s.get("graphForwardOps"), s.get("gradFunctionOps")));
        sb.append("| part | ms | share |\n|---|---:|---:|\n");
        part(sb, "SameDiff op kernels", s.get("opsMs"), step);
        part(sb, "SameDiff interpreter (session − kernels)", s.get("interpreterMs"), step);
        part(sb, "ModelGraph epilogue (step − session)", s.get("epilogueMs"), step);
        part(sb, "optimizer (Java Adam)", s.get("optimizerMs"), step);
        part(sb, "step", step, step);
        part(sb, "of which GC", s.get("gcMs"), step);
        sb.append('\n');
        int steps = c.rawData().size();

        sb.append("### By forward op and input shapes (forward op + its backward ops)\n\n");
        sb.append("| # | op | category | input shapes | calls fwd + bwd | fwd ms | bwd ms | share | gap ms |\n");
        sb.append("|---:|---|---|---|---:|---:|---:|---:|---:|\n");
        List<Group> keys = groups(c.rows(), r -> r.owner() + "|" + ProfileRows.shapes(r.ownerInputs()),
                r -> r.owner(), r -> ProfileRows.shapes(r.ownerInputs()), steps);
        int i = 0;
        Group other = new Group("other", "", "", steps);
        for (Group g : keys) {
            if (++i > TOP) {
                merge(other, g);
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s + %s | %.2f | %.2f | %.1f%% | %.2f |%n", i, g.label, g.category,
                    g.detail, calls(g.fwdCalls), calls(g.bwdCalls), g.fwdMs(), g.bwdMs(), 100 * g.totalMs() / step, g.gapMs()));
        }
        if (i > TOP) {
            sb.append(String.format(Locale.ROOT, "| | other (%d keys) | | | %s + %s | %.2f | %.2f | %.1f%% | %.2f |%n", i - TOP,
                    calls(other.fwdCalls), calls(other.bwdCalls), other.fwdMs(), other.bwdMs(), 100 * other.totalMs() / step, other.gapMs()));
        }
        closing(sb, "interpreter", s.get("interpreterMs"), step);
        closing(sb, "ModelGraph epilogue", s.get("epilogueMs"), step);
        closing(sb, "optimizer", s.get("optimizerMs"), step);
        closing(sb, "total (step)", step, step);
        sb.append('\n');

        List<ProfileCase.Row> bwdRows = c.rows().stream().filter(r -> r.phase().equals("backward")).toList();
        if (!bwdRows.isEmpty()) {
            sb.append("### Backward ops by type and input shapes\n\n");
            sb.append("| # | op | input shapes | calls | ms | share | gap ms | for forward ops |\n");
            sb.append("|---:|---|---|---:|---:|---:|---:|---|\n");
            List<Group> bp = groups(bwdRows, r -> r.op() + "|" + ProfileRows.shapes(r.inputs()), ProfileCase.Row::op,
                    r -> ProfileRows.shapes(r.inputs()), steps);
            i = 0;
            for (Group g : bp) {
                if (++i > TOP) {
                    break;
                }
                sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f | %.1f%% | %.2f | %s |%n", i, g.label, g.detail,
                        calls(g.bwdCalls), g.bwdMs(), 100 * g.bwdMs() / step, g.gapMs(), String.join(", ", g.owners)));
            }
            if (bp.size() > TOP) {
                sb.append(String.format(Locale.ROOT, "| | %d more keys | | | | | | |%n", bp.size() - TOP));
            }
            sb.append('\n');
        }

        sb.append("### By category\n\n| category | fwd ms | bwd ms | gap ms | share |\n|---|---:|---:|---:|---:|\n");
        for (Group g : groups(c.rows(), ProfileCase.Row::category, ProfileCase.Row::category, r -> "", steps)) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f%% |%n", g.label, g.fwdMs(), g.bwdMs(), g.gapMs(),
                    100 * g.totalMs() / step));
        }
        sb.append(String.format(Locale.ROOT, "| framework (interpreter + epilogue) | | | | %.1f%% |%n",
                100 * (s.get("interpreterMs") + s.get("epilogueMs")) / step));
        sb.append(String.format(Locale.ROOT, "| optimizer | | | | %.1f%% |%n", 100 * s.get("optimizerMs") / step));
        return sb.toString();
    }

    /** Rows grouped by {@code key}, largest fwd + bwd first. */
    private static List<Group> groups(List<ProfileCase.Row> rows, Function<ProfileCase.Row, String> key,
                                      Function<ProfileCase.Row, String> label, Function<ProfileCase.Row, String> detail, int steps) {
        Map<String, Group> m = new LinkedHashMap<>();
        for (ProfileCase.Row r : rows) {
            m.computeIfAbsent(key.apply(r), k -> new Group(label.apply(r), detail.apply(r), r.category(), steps)).add(r);
        }
        List<Group> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparingDouble(Group::totalMs).reversed());
        return out;
    }

    private static void merge(Group into, Group g) {
        for (int i = 0; i < into.fwd.length; i++) {
            into.fwd[i] += g.fwd[i];
            into.bwd[i] += g.bwd[i];
            into.gap[i] += g.gap[i];
        }
        into.fwdCalls += g.fwdCalls;
        into.bwdCalls += g.bwdCalls;
    }

    private static void part(StringBuilder sb, String name, double ms, double step) {
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f%% |%n", name, ms, 100 * ms / step));
    }

    private static void closing(StringBuilder sb, String name, double ms, double step) {
        sb.append(String.format(Locale.ROOT, "| | %s | | | | %.2f | | %.1f%% | |%n", name, ms, 100 * ms / step));
    }

    private static String calls(double c) {
        return c == Math.rint(c) ? Long.toString((long) c) : String.format(Locale.ROOT, "%.1f", c);
    }

    static double median(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return ProfileRows.median(l);
    }
}
