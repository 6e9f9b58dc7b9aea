package org.skelmae.reports.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The charts of the dataset page: train/test samples per class as horizontal bars, and the frame-length
 * histogram per split. Every bar carries its number in a {@code <title>} tooltip and a {@code data-count}
 * attribute; the page repeats the numbers in tables.
 */
public final class DatasetCharts {

    /** Colour of training-split bars. */
    public static final String TRAIN = Svg.PALETTE.get(0);
    /** Colour of test-split bars. */
    public static final String TEST = Svg.PALETTE.get(1);

    private static final int W = 760;

    /**
     * One class's samples per split.
     *
     * @param label 0-based class index
     * @param name  class name
     * @param train training samples
     * @param test  test samples
     */
    public record ClassBar(int label, String name, int train, int test) {
    }

    /**
     * One bin of the frame-length histogram: lengths {@code low..high} (inclusive).
     *
     * @param low   shortest length in the bin
     * @param high  longest length in the bin
     * @param train training samples of that length
     * @param test  test samples of that length
     */
    public record FrameBin(int low, int high, int train, int test) {

        /** "40–49" or "40" for a bin of one length. */
        public String range() {
            return low == high ? Integer.toString(low) : low + "–" + high;
        }
    }

    private DatasetCharts() {
    }

    /**
     * Bins the frame lengths of both splits on one set of bins: integer-wide, at most {@code maxBins},
     * from the shortest to the longest sequence of either split.
     */
    public static List<FrameBin> frameBins(int[] train, int[] test, int maxBins) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int[] a : new int[][]{train, test}) {
            for (int f : a) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
        }
        if (min > max) {
            return List.of();
        }
        int range = max - min + 1;
        int width = (int) Math.ceil(range / (double) Math.max(1, maxBins));
        int n = (int) Math.ceil(range / (double) width);
        int[] tr = new int[n];
        int[] te = new int[n];
        for (int f : train) {
            tr[(f - min) / width]++;
        }
        for (int f : test) {
            te[(f - min) / width]++;
        }
        List<FrameBin> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new FrameBin(min + i * width, Math.min(max, min + (i + 1) * width - 1), tr[i], te[i]));
        }
        return out;
    }

    /** Train and test samples per class: one row per class (name on the left), a train and a test bar. */
    public static String classBars(String title, List<ClassBar> classes) {
        int left = 250;
        int right = 50;
        int top = 46;
        int row = 18;
        int h = top + Math.max(1, classes.size()) * row + 40;
        double plotW = W - left - right;
        int maxCount = 0;
        for (ClassBar c : classes) {
            maxCount = Math.max(maxCount, Math.max(c.train(), c.test()));
        }
        double max = Svg.niceMax(maxCount);
        StringBuilder sb = open(W, h, title);
        legend(sb, left, 36);
        double bottom = top + classes.size() * row;
        for (int i = 0; i <= 4; i++) {
            double x = left + plotW * i / 4;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", x, top, x, bottom));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%s</text>", x, bottom + 14,
                    Svg.esc(Svg.fmt(max * i / 4))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">samples</text>",
                left + plotW / 2, bottom + 30));
        for (int i = 0; i < classes.size(); i++) {
            ClassBar c = classes.get(i);
            double y = top + i * row;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", left - 6, y + row / 2.0 + 3,
                    Svg.esc(Svg.abbreviate(c.label() + " " + c.name(), 42))));
            bar(sb, "train", c, c.train(), TRAIN, left, y + 2, plotW * c.train() / max, left + plotW);
            bar(sb, "test", c, c.test(), TEST, left, y + 2 + (row - 4) / 2.0, plotW * c.test() / max, left + plotW);
        }
        return sb.append("</svg>").toString();
    }

    private static void bar(StringBuilder sb, String split, ClassBar c, int count, String colour, int left, double y, double w, double end) {
        double bh = 7;
        sb.append(String.format(Locale.ROOT,
                "<rect class=\"bar %s\" data-label=\"%d\" data-count=\"%d\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                split, c.label(), count, left, y, w, bh, colour, Svg.esc(c.name() + " (label " + c.label() + "), " + split + ": " + count)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"8\">%d</text>", Math.min(left + w + 3, end + 3), y + bh, count));
    }

    /** The frame-length histogram: one group per bin, a train and a test bar in each. */
    public static String frameHistogram(String title, List<FrameBin> bins) {
        int left = 56;
        int top = 46;
        int bottom = 70;
        int h = 320;
        double plotW = W - left - 20;
        double plotH = h - top - bottom;
        int maxCount = 0;
        for (FrameBin b : bins) {
            maxCount = Math.max(maxCount, Math.max(b.train(), b.test()));
        }
        double max = Svg.niceMax(maxCount);
        StringBuilder sb = open(W, h, title);
        legend(sb, left, 36);
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>", left, y, left + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", left - 4, y + 3,
                    Svg.esc(Svg.fmt(max * i / 4))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"10\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">samples</text>",
                top + plotH / 2, top + plotH / 2));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">valid frames</text>", left + plotW / 2, h - 8));
        int n = Math.max(1, bins.size());
        double group = plotW / n;
        double bw = Math.max(1, (group - 2) / 2);
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        for (int i = 0; i < bins.size(); i++) {
            FrameBin b = bins.get(i);
            double gx = left + i * group + 1;
            int[] counts = {b.train(), b.test()};
            String[] split = {"train", "test"};
            String[] colour = {TRAIN, TEST};
            for (int s = 0; s < 2; s++) {
                double bh = plotH * counts[s] / max;
                sb.append(String.format(Locale.ROOT,
                        "<rect class=\"bin %s\" data-count=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        split[s], counts[s], gx + s * bw, top + plotH - bh, Math.max(0.5, bw - 0.5), bh, colour[s],
                        Svg.esc(split[s] + ", " + b.range() + " frames: " + counts[s] + " samples")));
            }
            if (i % every == 0) {
                double x = gx + bw;
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-35 %.1f %.1f)\">%s</text>",
                        x, top + plotH + 12, x, top + plotH + 12, Svg.esc(b.range())));
            }
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>", left, top + plotH, left + plotW, top + plotH));
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(int w, int h, String title) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                w, h, w, h, Svg.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>", Svg.esc(title)));
        return sb;
    }

    private static void legend(StringBuilder sb, int x, int y) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, TRAIN));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">train</text>", x + 14, y));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x + 60, y - 9, TEST));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">test</text>", x + 74, y));
    }
}
