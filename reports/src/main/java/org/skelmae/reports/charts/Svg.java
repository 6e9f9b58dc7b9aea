package org.skelmae.reports.charts;

import java.util.List;
import java.util.Locale;

/**
 * Small, deterministic SVG charts for self-contained reports: grouped bars, line curves, a heat map and a
 * forest plot of intervals.
 * All text is XML-escaped; output depends only on the data.
 */
public final class Svg {

    /** A named series of values (bars) or points (lines); a null value is a gap. */
    public record Series(String name, List<Double> values, String colour, boolean dashed) {
    }

    /**
     * One row of a forest plot: an estimate with its interval; null values are not drawn.
     *
     * @param label    what is estimated (left of the plot)
     * @param estimate the point, or null
     * @param low      lower bound, or null when there is no interval
     * @param high     upper bound, or null when there is no interval
     * @param note     text right of the plot (e.g. a verdict)
     * @param colour   colour of point and interval
     */
    public record ForestRow(String label, Double estimate, Double low, Double high, String note, String colour) {
    }

    /** A colour-blind-safe palette (Okabe-Ito). */
    public static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000");

    private static final int W = 760;

    private Svg() {
    }

    /** Grouped vertical bars: one group per category, one bar per series, values labelled. */
    public static String bars(String title, String unit, List<String> categories, List<Series> series) {
        int h = 340 + legendExtra(series);
        int left = 56;
        int bottom = 110;
        int top = 36;
        double max = series.stream().flatMap(s -> s.values().stream()).filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1);
        max = niceMax(max);
        double plotW = W - left - 20;
        double plotH = h - top - bottom;
        StringBuilder sb = open(h, title);
        axes(sb, left, top, plotW, plotH, max, unit);
        int n = Math.max(1, categories.size());
        double group = plotW / n;
        double bar = Math.max(2, (group - 8) / Math.max(1, series.size()));
        for (int c = 0; c < categories.size(); c++) {
            double gx = left + c * group + 4;
            for (int s = 0; s < series.size(); s++) {
                Double v = series.get(s).values().get(c);
                if (v == null || v.isNaN()) {
                    continue;
                }
                double bh = plotH * v / max;
                double x = gx + s * bar;
                double y = top + plotH - bh;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s><title>%s: %s</title></rect>",
                        x, y, bar - 1, bh, series.get(s).colour(), series.get(s).dashed() ? " fill-opacity=\"0.45\" stroke=\"" + series.get(s).colour() + "\" stroke-dasharray=\"3,2\"" : "",
                        esc(series.get(s).name()), esc(categories.get(c) + " " + fmt(v))));
                if (bar > 14) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>",
                            x + (bar - 1) / 2, y - 3, esc(fmt(v))));
                }
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\">%s</text>",
                    gx + group / 2, (double) top + plotH + 14, gx + group / 2, (double) top + plotH + 14, esc(categories.get(c))));
        }
        legend(sb, series, left, h - 16 - legendExtra(series));
        return sb.append("</svg>").toString();
    }

    /** Line curves over epochs (x = 1..n). */
    public static String lines(String title, String yLabel, List<Series> series) {
        int extra = legendExtra(series);
        int h = 300 + extra;
        int left = 64;
        int top = 36;
        int bottom = 56 + extra;
        double plotW = W - left - 20;
        double plotH = h - top - bottom;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int n = 1;
        for (Series s : series) {
            n = Math.max(n, s.values().size());
            for (Double v : s.values()) {
                if (v != null && Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (!Double.isFinite(max)) {
            max = 1;
            min = 0;
        }
        // values spanning more than two decades (a KL term next to a reconstruction loss) get a log axis
        boolean log = min > 0 && max / min > 100;
        StringBuilder sb = open(h, title);
        if (log) {
            min = Math.pow(10, Math.floor(Math.log10(min)));
            max = Math.pow(10, Math.ceil(Math.log10(max)));
            logAxes(sb, left, top, plotW, plotH, min, max, yLabel + " (log scale)");
        } else {
            min = Math.min(0, min);
            max = niceMax(max);
            axes(sb, left, top, plotW, plotH, max, yLabel);
        }
        for (int i = 1; i <= n; i += Math.max(1, n / 10)) {
            double x = left + plotW * (n == 1 ? 0.5 : (i - 1) / (double) (n - 1));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%d</text>", x, top + plotH + 14, i));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">epoch</text>", left + plotW / 2, top + plotH + 30));
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                double x = left + plotW * (n == 1 ? 0.5 : i / (double) (n - 1));
                double frac = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
                double y = top + plotH - plotH * frac;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s points=\"%s\"><title>%s</title></polyline>",
                    s.colour(), s.dashed() ? " stroke-dasharray=\"5,3\"" : "", pts.toString().trim(), esc(s.name())));
        }
        legend(sb, series, left, (int) (top + plotH + 48));
        return sb.append("</svg>").toString();
    }

    /**
     * A forest plot: one row per estimate, a point at the estimate, a horizontal line for its interval and a
     * vertical line at zero, so an interval crossing zero is visible at a glance. A row without an interval
     * gets a hollow point (or none), never an invented line.
     */
    public static String forest(String title, String unit, List<ForestRow> rows) {
        int left = 330;
        int right = 170;
        int top = 40;
        int row = 22;
        int h = top + Math.max(1, rows.size()) * row + 46;
        double plotW = W - left - right;
        double min = 0;
        double max = 0;
        for (ForestRow r : rows) {
            for (Double v : new Double[]{r.estimate(), r.low(), r.high()}) {
                if (v != null && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max - min == 0) {
            min = -1;
            max = 1;
        }
        double pad = 0.05 * (max - min);
        double lo = min - pad;
        double hi = max + pad;
        java.util.function.DoubleUnaryOperator x = v -> left + plotW * (v - lo) / (hi - lo);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                W, h, W, h, esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>", esc(title)));
        double bottom = top + rows.size() * row;
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", x.applyAsDouble(v), top,
                    x.applyAsDouble(v), bottom));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x.applyAsDouble(v),
                    bottom + 14, esc(fmt(v))));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" stroke-dasharray=\"4,3\"><title>zero: no difference</title></line>",
                x.applyAsDouble(0), top - 6, x.applyAsDouble(0), bottom));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%s</text>", left + plotW / 2, bottom + 30,
                esc(unit)));
        for (int i = 0; i < rows.size(); i++) {
            ForestRow r = rows.get(i);
            double y = top + i * row + row / 2.0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", left - 8, y + 3,
                    esc(abbreviate(r.label(), 56))));
            boolean interval = r.low() != null && r.high() != null && Double.isFinite(r.low()) && Double.isFinite(r.high());
            String tip = esc(r.label() + ": " + (r.estimate() == null ? "no estimate" : fmt(r.estimate()))
                    + (interval ? " [" + fmt(r.low()) + ", " + fmt(r.high()) + "]" : "") + ", " + r.note());
            if (interval) {
                double x1 = x.applyAsDouble(r.low());
                double x2 = x.applyAsDouble(r.high());
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"><title>%s</title></line>",
                        x1, y, x2, y, r.colour(), tip));
                for (double cap : new double[]{x1, x2}) {
                    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
                            cap, y - 4, cap, y + 4, r.colour()));
                }
            }
            if (r.estimate() != null && Double.isFinite(r.estimate())) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\"><title>%s</title></circle>",
                        x.applyAsDouble(r.estimate()), y, interval ? r.colour() : "white", r.colour(), tip));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">%s</text>", W - right + 8, y + 3,
                    r.colour(), esc(r.note())));
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(int h, String title) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                W, h, W, h, esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"56\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>", esc(title)));
        return sb;
    }

    private static void logAxes(StringBuilder sb, int left, int top, double plotW, double plotH, double min, double max, String unit) {
        int decades = (int) Math.round(Math.log10(max / min));
        for (int i = 0; i <= decades; i++) {
            double y = top + plotH - plotH * i / decades;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", left - 4, y + 3,
                    esc(String.format(Locale.ROOT, "%.0e", min * Math.pow(10, i)))));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", left, top, left, top + plotH));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"10\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>",
                top + plotH / 2, top + plotH / 2, esc(unit)));
    }

    private static void axes(StringBuilder sb, int left, int top, double plotW, double plotH, double max, String unit) {
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y, left + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", left - 4, y + 3, esc(fmt(max * i / 4))));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", left, top, left, top + plotH));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"10\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>",
                top + plotH / 2, top + plotH / 2, esc(unit)));
    }

    /** Legend entries left to right from (x, y), wrapping to a new row below when the width is used up. */
    private static int legend(StringBuilder sb, List<Series> series, int x, int y) {
        int at = x;
        int row = y;
        for (Series s : series) {
            int w = 24 + 6 * Math.min(40, s.name().length());
            if (at + w > W - 10 && at > x) {
                at = x;
                row += 14;
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"%s/>", at, row - 9, s.colour(),
                    s.dashed() ? " fill-opacity=\"0.45\"" : ""));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", at + 14, row, esc(s.name())));
            at += w;
        }
        return row;
    }

    /** Extra height the legend needs beyond one row. */
    private static int legendExtra(List<Series> series) {
        int at = 0;
        int rows = 1;
        for (Series s : series) {
            int w = 24 + 6 * Math.min(40, s.name().length());
            if (at + w > W - 70 && at > 0) {
                at = 0;
                rows++;
            }
            at += w;
        }
        return 14 * (rows - 1);
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten at or above {@code v}: an axis maximum (also DatasetCharts'). */
    static double niceMax(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    /** White (0) to blue (1), linear in the share; package-visible for {@link ConfusionChart}. */
    static String blue(double share) {
        int c = (int) Math.round(255 - 200 * Math.max(0, Math.min(1, share)));
        return String.format(Locale.ROOT, "rgb(%d,%d,255)", c, c);
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** XML-escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
