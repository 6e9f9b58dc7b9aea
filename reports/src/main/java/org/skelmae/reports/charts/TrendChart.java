package org.skelmae.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One gated metric over a sequence of checks (commits): the measured value per check as a line of points, the
 * baseline's mean as a (stepped, since a baseline can be replaced) dashed line with its tolerance band shaded around
 * it, and the points of failed checks in red. Every drawn value is also in the point's tooltip. Deterministic; all
 * text XML-escaped.
 *
 * <p>Elements carry classes for readers and tests: {@code point} on every check's marker (one per check;
 * {@code point failed} for a failed check, {@code point missing} for a check that lacked the metric, drawn on the
 * x axis), {@code actual} on the measured line, {@code baseline} on the baseline line, {@code band} on the tolerance
 * band's rectangle of each check that has a baseline.
 */
public final class TrendChart {

    /** Colour of a failed check's point. */
    public static final String FAILED = "#D62728";
    /** Colour of the measured values. */
    public static final String ACTUAL = "#0072B2";
    /** Colour of the tolerance band. */
    public static final String BAND = "#009E73";

    /**
     * One check of the metric.
     *
     * @param commit    x label, first line (short commit)
     * @param date      x label, second line (day)
     * @param actual    measured value, null when the check lacked the metric
     * @param baseline  baseline mean, null when none was checked
     * @param tolerance allowed distance from the baseline, null when none was checked
     * @param failed    whether the check (of the whole suite) failed
     * @param note      this metric's verdict, e.g. PASS or REGRESSION; empty when none
     */
    public record Point(String commit, String date, Double actual, Double baseline, Double tolerance, boolean failed, String note) {
    }

    private static final int W = 760;
    private static final int LEFT = 72;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int PLOT_H = 220;
    /** Most x labels drawn; beyond that every k-th is. */
    private static final int MAX_LABELS = 24;

    private TrendChart() {
    }

    /** The chart of one metric over {@code points}, oldest first. */
    public static String svg(String title, String yLabel, List<Point> points) {
        int n = Math.max(1, points.size());
        int h = TOP + PLOT_H + 96;
        double plotW = W - LEFT - RIGHT;
        double step = plotW / n;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            for (Double v : new Double[]{p.actual(), p.baseline(), band(p, -1), band(p, 1)}) {
                if (v != null && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            double d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 0.01;
            lo -= d;
            hi += d;
        }
        double pad = 0.08 * (hi - lo);
        double y0 = lo - pad;
        double y1 = hi + pad;
        java.util.function.DoubleUnaryOperator y = v -> TOP + PLOT_H - PLOT_H * (v - y0) / (y1 - y0);
        java.util.function.IntToDoubleFunction x = i -> LEFT + step * (i + 0.5);

        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                W, h, W, h, Svg.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>", LEFT, Svg.esc(title)));
        // grid and y axis
        for (int i = 0; i <= 4; i++) {
            double v = y0 + (y1 - y0) * i / 4;
            double yy = y.applyAsDouble(v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT, yy, LEFT + plotW, yy));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", LEFT - 4, yy + 3,
                    Svg.esc(num(v))));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT, TOP, LEFT, TOP + PLOT_H));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>", LEFT, TOP + PLOT_H, LEFT + plotW,
                TOP + PLOT_H));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"10\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>",
                TOP + PLOT_H / 2.0, TOP + PLOT_H / 2.0, Svg.esc(yLabel)));

        // tolerance band: a shaded rectangle per check that has a baseline, as wide as its slot, so a replaced baseline
        // shows as a step; the baseline's mean as a dashed stepped line through consecutive checks that have one
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p.baseline() == null || p.tolerance() == null) {
                continue;
            }
            double top = y.applyAsDouble(band(p, 1));
            sb.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                    + "fill-opacity=\"0.18\"><title>%s</title></rect>", x.applyAsDouble(i) - step / 2, top, step,
                    y.applyAsDouble(band(p, -1)) - top, BAND, Svg.esc(p.commit() + ": baseline " + num(p.baseline()) + " ± " + num(p.tolerance()))));
        }
        for (List<Integer> seg : segments(points, p -> p.baseline() != null)) {
            StringBuilder mid = new StringBuilder();
            for (int i : seg) {
                double yy = y.applyAsDouble(points.get(i).baseline());
                mid.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x.applyAsDouble(i) - step / 2, yy, x.applyAsDouble(i) + step / 2, yy));
            }
            sb.append(String.format(Locale.ROOT, "<polyline class=\"baseline\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\" "
                    + "stroke-dasharray=\"5,3\" points=\"%s\"><title>baseline mean</title></polyline>", mid.toString().trim()));
        }

        // measured values: a line through consecutive checks that have the metric, then a point per check
        for (List<Integer> seg : segments(points, p -> p.actual() != null)) {
            if (seg.size() < 2) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (int i : seg) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i), y.applyAsDouble(points.get(i).actual())));
            }
            sb.append(String.format(Locale.ROOT, "<polyline class=\"actual\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%s\"/>",
                    ACTUAL, pts.toString().trim()));
        }
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String tip = Svg.esc(tooltip(p));
            String cls = p.failed() ? "point failed" : "point";
            if (p.actual() == null) {
                sb.append(String.format(Locale.ROOT, "<circle class=\"%s missing\" cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"white\" stroke=\"%s\" "
                        + "stroke-width=\"1.5\"><title>%s</title></circle>", cls, x.applyAsDouble(i), TOP + PLOT_H, p.failed() ? FAILED : ACTUAL, tip));
            } else {
                sb.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"white\" "
                        + "stroke-width=\"1\"><title>%s</title></circle>", cls, x.applyAsDouble(i), y.applyAsDouble(p.actual()), p.failed() ? 5 : 4,
                        p.failed() ? FAILED : ACTUAL, tip));
            }
        }

        // x labels: commit and day, every k-th when there are many
        int every = (points.size() + MAX_LABELS - 1) / MAX_LABELS;
        for (int i = 0; i < points.size(); i += Math.max(1, every)) {
            Point p = points.get(i);
            double xx = x.applyAsDouble(i);
            double yy = TOP + PLOT_H + 14;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\">"
                    + "<tspan font-family=\"monospace\">%s</tspan> %s</text>", xx, yy, xx, yy, Svg.esc(p.commit()), Svg.esc(p.date())));
        }

        // legend
        int ly = h - 10;
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"10\">measured</text>",
                LEFT + 5, ly - 4, ACTUAL, LEFT + 13, ly));
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"10\">check failed</text>",
                LEFT + 85, ly - 4, FAILED, LEFT + 93, ly));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\" stroke-dasharray=\"5,3\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\">baseline mean</text>", LEFT + 175, ly - 4, LEFT + 199, ly - 4, LEFT + 204, ly));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"10\" fill=\"%s\" fill-opacity=\"0.18\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\">tolerance band (baseline ± tolerance)</text>", LEFT + 290, ly - 9, BAND, LEFT + 313, ly));
        return sb.append("</svg>").toString();
    }

    private static Double band(Point p, int sign) {
        return p.baseline() == null || p.tolerance() == null ? null : p.baseline() + sign * p.tolerance();
    }

    private static List<List<Integer>> segments(List<Point> points, java.util.function.Predicate<Point> has) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (has.test(points.get(i))) {
                cur.add(i);
            } else if (!cur.isEmpty()) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static String tooltip(Point p) {
        StringBuilder t = new StringBuilder(p.commit()).append(' ').append(p.date()).append(": ");
        t.append(p.actual() == null ? "missing" : num(p.actual()));
        if (p.baseline() != null) {
            t.append(" (baseline ").append(num(p.baseline()));
            if (p.tolerance() != null) {
                t.append(" ± ").append(num(p.tolerance()));
            }
            t.append(')');
        }
        if (p.note() != null && !p.note().isEmpty()) {
            t.append(", ").append(p.note());
        }
        if (p.failed()) {
            t.append("; check FAILED");
        }
        return t.toString();
    }

    /** Four significant digits, locale-independent. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
