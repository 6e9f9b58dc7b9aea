package org.skelmae.reports.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix drawn to be read: class names on both axes (rows = true class, columns = predicted),
 * each cell shaded and labelled by its share of the true class, a tooltip per cell with the counts, and a
 * colour legend. {@link #mostConfused} lists the largest off-diagonal cells for a table beside the chart.
 * <p>
 * It scales from a handful of classes (NW-UCLA's 10) to NTU's 60 and 120: beyond about 30 classes the cells are
 * too small for text, so only the shading and the tooltips remain and the axis labels shrink.
 * All text goes through {@link Svg#esc}; the output depends only on the data (same matrix, same bytes).
 */
public final class ConfusionChart {

    /** How many confused pairs the report lists beside a matrix. */
    public static final int TOP_PAIRS = 5;

    /** The matrix is at most about this wide (pixels); cells shrink to fit it. */
    private static final int MATRIX = 720;
    private static final int MIN_CELL = 6;
    private static final int MAX_CELL = 44;
    /** Cells at least this large carry their percentage as text. */
    private static final int TEXT_CELL = 24;
    /** Labels longer than this are shortened (the full name stays in a tooltip). */
    private static final int LABEL_CHARS = 28;
    /** Average glyph width of sans-serif text as a share of the font size: enough to lay labels out. */
    private static final double CHAR_WIDTH = 0.6;
    /**
     * Above this share the cell is dark enough that white text reads better than dark text
     * (contrast about 4:1 against the shade either way at the switch).
     */
    private static final double DARK = 0.75;

    /**
     * One off-diagonal cell of a confusion matrix.
     *
     * @param trueClass the true class (row)
     * @param predicted the class it was predicted as (column)
     * @param count     samples of {@code trueClass} predicted as {@code predicted}
     * @param support   all samples of {@code trueClass} (the row total)
     */
    public record Pair(String trueClass, String predicted, int count, int support) {

        /** The share of the true class that went to {@code predicted}, 0 when the class has no samples. */
        public double share() {
            return support == 0 ? 0 : count / (double) support;
        }

        /** {@link #share()} as a percentage with one decimal, e.g. {@code 25.0%}. */
        public String percent() {
            return String.format(Locale.ROOT, "%.1f%%", 100 * share());
        }
    }

    private ConfusionChart() {
    }

    /**
     * The chart as a standalone {@code <svg>} element.
     *
     * @param title  heading drawn above the matrix (and the SVG's accessible title)
     * @param m      counts, {@code m[true][predicted]}; square
     * @param labels class names by index; a missing name is shown as {@code class i}
     * @return SVG markup, every text XML-escaped
     */
    public static String svg(String title, int[][] m, List<String> labels) {
        int k = m.length;
        int cell = Math.max(MIN_CELL, Math.min(MAX_CELL, MATRIX / Math.max(1, k)));
        int size = k * cell;
        boolean cellText = cell >= TEXT_CELL;
        int cellFont = cell >= 36 ? 11 : 9;
        // one pixel of air between rows of labels; 11 is the body size of the other charts
        int labelFont = Math.max(5, Math.min(11, cell - 1));
        String[] shown = new String[k];
        int longestChars = 1;
        for (int i = 0; i < k; i++) {
            shown[i] = Svg.abbreviate(label(labels, i), LABEL_CHARS);
            longestChars = Math.max(longestChars, shown[i].length());
        }
        double longest = CHAR_WIDTH * labelFont * longestChars;

        // column labels stay horizontal when they fit their column; otherwise they are turned so that neighbours
        // do not overlap: 45 degrees while the columns are wide enough for the slanted lines to clear each other
        // (spacing cell·sin 45° ≥ font size), vertical for narrow columns (spacing = cell)
        int angle = longest <= cell - 4 ? 0 : cell * Math.sqrt(0.5) >= labelFont + 1 ? 45 : 90;
        double sin = Math.sin(Math.toRadians(angle));
        double cos = Math.cos(Math.toRadians(angle));
        double colDepth = angle == 0 ? labelFont + 4 : longest * sin + labelFont * cos + 8;
        // a slanted label reaches left of its column by its width·cos 45°; the first one must stay inside the chart
        double colReachLeft = angle == 45 ? longest * cos - cell / 2.0 : 0;

        int top = 44;
        int left = (int) Math.ceil(Math.max(26 + longest + 8, colReachLeft + 8));
        int bottom = top + size;
        int axisTitleY = (int) Math.ceil(bottom + colDepth + 14);
        int legendX = left + size + 28;
        int legendH = Math.max(60, Math.min(size, 220));
        int h = Math.max(axisTitleY + 12, top + legendH + 20);
        int w = Math.max(legendX + 120, (int) Math.ceil(20 + 0.6 * 13 * title.length()));

        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                w, h, w, h, Svg.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s</text>", Svg.esc(title)));

        // cells, row-major, in one group that carries what they share: at 120 classes there are 14,400 of them, so
        // every byte per cell counts; a thin white grid only where the cells are big enough to spare it
        sb.append("<g class=\"cm-cells\"").append(cell >= 12 ? " stroke=\"#fff\" stroke-width=\"1\"" : "").append('>');
        StringBuilder values = new StringBuilder();
        for (int r = 0; r < k; r++) {
            int support = 0;
            for (int v : m[r]) {
                support += v;
            }
            for (int c = 0; c < k; c++) {
                int count = m[r][c];
                double share = support == 0 ? 0 : count / (double) support;
                int x = left + c * cell;
                int y = top + r * cell;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                        x, y, cell, cell, Svg.blue(share), Svg.esc(tooltip(label(labels, r), label(labels, c), count, support))));
                // zero cells stay blank so the eye finds the confusions; the tooltip still gives the 0
                if (cellText && count > 0) {
                    // pointer-events none: hovering the number must still show the cell's tooltip underneath
                    values.append(String.format(Locale.ROOT,
                            "<text class=\"cm-value\" x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" fill=\"%s\" pointer-events=\"none\">%s</text>",
                            x + cell / 2.0, y + cell / 2.0 + cellFont * 0.35, cellFont, share > DARK ? "#fff" : "#222", Svg.esc(cellPercent(share))));
                }
            }
        }
        // the numbers after the cells and outside their group, so that they neither inherit the grid's stroke nor
        // get covered by a later cell
        sb.append("</g>").append(values);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>", left, top, size, size));

        // row labels (true class) left of the matrix, column labels (predicted) below it
        for (int i = 0; i < k; i++) {
            String full = label(labels, i);
            String tip = shown[i].equals(full) ? "" : "<title>" + Svg.esc(full) + "</title>";
            sb.append(String.format(Locale.ROOT, "<text class=\"cm-row-label\" x=\"%d\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"end\">%s%s</text>",
                    left - 5, top + i * cell + cell / 2.0 + labelFont * 0.35, labelFont, Svg.esc(shown[i]), tip));
            double cx = left + i * cell + cell / 2.0;
            if (angle == 0) {
                sb.append(String.format(Locale.ROOT, "<text class=\"cm-col-label\" x=\"%.1f\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\">%s%s</text>",
                        cx, bottom + labelFont + 2, labelFont, Svg.esc(shown[i]), tip));
            } else {
                // anchored at its end just below the column, the label runs down and to the left; the x shift puts the
                // glyphs' middle, not their baseline, on the column's centre
                double ax = cx + labelFont * 0.35 * sin;
                double ay = bottom + 6 + labelFont * 0.35 * cos;
                sb.append(String.format(Locale.ROOT,
                        "<text class=\"cm-col-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"end\" transform=\"rotate(-%d %.1f %.1f)\">%s%s</text>",
                        ax, ay, labelFont, angle, ax, ay, Svg.esc(shown[i]), tip));
            }
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"cm-axis\" x=\"%.1f\" y=\"%d\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\">%s</text>",
                left + size / 2.0, axisTitleY, "Predicted class (columns)"));
        sb.append(String.format(Locale.ROOT,
                "<text class=\"cm-axis\" x=\"14\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                top + size / 2.0, top + size / 2.0, "True class (rows)"));

        legend(sb, legendX, top, legendH, title, m);
        return sb.append("</svg>").toString();
    }

    /**
     * The largest off-diagonal cells: most samples first, then the larger share of the true class, then by class
     * index, so the order is stable. Correct predictions (the diagonal) and empty cells are never listed, so there
     * may be fewer than {@code limit}.
     *
     * @param m      counts, {@code m[true][predicted]}; square
     * @param labels class names by index; a missing name is {@code class i}
     * @param limit  at most this many pairs
     * @return the pairs, most confused first
     */
    public static List<Pair> mostConfused(int[][] m, List<String> labels, int limit) {
        record Cell(int r, int c, Pair pair) {
        }
        List<Cell> cells = new ArrayList<>();
        for (int r = 0; r < m.length; r++) {
            int support = 0;
            for (int v : m[r]) {
                support += v;
            }
            for (int c = 0; c < m[r].length; c++) {
                if (r != c && m[r][c] > 0) {
                    cells.add(new Cell(r, c, new Pair(label(labels, r), label(labels, c), m[r][c], support)));
                }
            }
        }
        cells.sort(Comparator.comparingInt((Cell x) -> -x.pair().count())
                .thenComparing(x -> -x.pair().share())
                .thenComparingInt(Cell::r)
                .thenComparingInt(Cell::c));
        return cells.stream().limit(Math.max(0, limit)).map(Cell::pair).toList();
    }

    /** The per-cell tooltip, e.g. {@code true walk, predicted sit: 12 of 48 (25.0%)}; not yet escaped. */
    static String tooltip(String trueClass, String predicted, int count, int support) {
        String share = support == 0 ? "no samples of this class" : String.format(Locale.ROOT, "%.1f%%", 100.0 * count / support);
        return "true " + trueClass + ", predicted " + predicted + ": " + count + " of " + support + " (" + share + ")";
    }

    /** Whole percent for the cell; a non-zero share that rounds to 0 reads "<1%" so it is not mistaken for none. */
    private static String cellPercent(double share) {
        long p = Math.round(100 * share);
        return p == 0 && share > 0 ? "<1%" : p + "%";
    }

    /**
     * A vertical gradient bar from 0% (bottom) to 100% (top) right of the matrix. {@link Svg#blue} is linear in
     * the share and SVG interpolates gradients linearly in sRGB, so a two-stop gradient matches the cells exactly.
     */
    private static void legend(StringBuilder sb, int x, int top, int height, String title, int[][] m) {
        // several matrices share one HTML page, where ids are global: derive the id from what is drawn, not a counter,
        // to keep the output a function of the data
        String id = "cm-scale-" + Integer.toHexString(31 * title.hashCode() + java.util.Arrays.deepHashCode(m));
        int barTop = top + 14;
        int barH = height - 14;
        sb.append(String.format(Locale.ROOT,
                "<defs><linearGradient id=\"%s\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\"><stop offset=\"0\" stop-color=\"%s\"/><stop offset=\"1\" stop-color=\"%s\"/></linearGradient></defs>",
                id, Svg.blue(0), Svg.blue(1)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">share of true class</text>", x, top + 4));
        sb.append(String.format(Locale.ROOT, "<rect class=\"cm-legend\" x=\"%d\" y=\"%d\" width=\"14\" height=\"%d\" fill=\"url(#%s)\" stroke=\"#888\"/>",
                x, barTop, barH, id));
        int[] ticks = {100, 50, 0};
        for (int t : ticks) {
            double y = barTop + barH * (100 - t) / 100.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>", x + 14, y, x + 18, y));
            sb.append(String.format(Locale.ROOT, "<text class=\"cm-tick\" x=\"%d\" y=\"%.1f\" font-size=\"10\">%d%%</text>", x + 21, y + 3.5, t));
        }
    }

    private static String label(List<String> labels, int i) {
        return labels != null && i < labels.size() && labels.get(i) != null ? labels.get(i) : "class " + i;
    }
}
