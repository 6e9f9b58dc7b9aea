package org.skelmae.reports.charts;

import java.util.List;
import java.util.Locale;

/**
 * A two-dimensional embedding map: one dot per sample at its projected position, coloured by class, with the sample,
 * its class and position in each dot's tooltip and a colour legend of the classes below. The axes of a t-SNE map have
 * no units, so none are drawn; the map is scaled to fill the square.
 */
public final class EmbeddingChart {

    private static final int SIZE = 380;
    private static final int PAD = 12;
    private static final int LEGEND_ROW = 16;
    private static final int LEGEND_COLUMNS = 2;

    private EmbeddingChart() {
    }

    /**
     * Colour of class {@code k} of {@code classes}: the Okabe-Ito palette up to its size, evenly spaced hues beyond.
     */
    public static String colour(int k, int classes) {
        if (classes <= Svg.PALETTE.size()) {
            return Svg.PALETTE.get(k);
        }
        // alternate lightness so neighbouring hues stay apart when there are many classes
        return String.format(Locale.ROOT, "hsl(%d,70%%,%d%%)", Math.round(360.0 * k / classes), k % 2 == 0 ? 40 : 58);
    }

    /**
     * @param title      the chart's title (tooltip of the whole map, and its accessible name)
     * @param points     per sample, (x, y)
     * @param labels     per sample, its class
     * @param samples    per sample, the dataset index shown in its tooltip
     * @param classNames the class names, by label
     */
    public static String svg(String title, double[][] points, int[] labels, int[] samples, List<String> classNames) {
        int classes = classNames.size();
        int legendRows = (classes + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
        int height = SIZE + 8 + legendRows * LEGEND_ROW;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        // one scale for both axes keeps the map's shape; a degenerate map (one point) sits in the middle
        double span = Math.max(maxX - minX, maxY - minY);
        double scale = span > 0 ? (SIZE - 2 * PAD) / span : 0;
        double offX = PAD + ((SIZE - 2 * PAD) - scale * (maxX - minX)) / 2;
        double offY = PAD + ((SIZE - 2 * PAD) - scale * (maxY - minY)) / 2;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"embedding\" role=\"img\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", SIZE, height, SIZE, height));
        sb.append("<title>").append(Svg.esc(title)).append("</title>");
        sb.append(String.format(Locale.ROOT, "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>", SIZE - 1, SIZE - 1));
        for (int i = 0; i < points.length; i++) {
            double x = offX + scale * (points[i][0] - minX);
            // SVG's y grows downwards
            double y = SIZE - (offY + scale * (points[i][1] - minY));
            int k = labels[i];
            sb.append(String.format(Locale.ROOT, "<circle class=\"pt\" data-class=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" fill=\"%s\""
                    + " fill-opacity=\"0.8\"><title>", k, x, y, colour(k, classes)));
            sb.append(Svg.esc(String.format(Locale.ROOT, "sample %d: %s (%.2f, %.2f)", samples[i], classNames.get(k),
                    points[i][0], points[i][1])));
            sb.append("</title></circle>");
        }
        int columnWidth = SIZE / LEGEND_COLUMNS;
        for (int k = 0; k < classes; k++) {
            int lx = (k % LEGEND_COLUMNS) * columnWidth + 4;
            int ly = SIZE + 8 + (k / LEGEND_COLUMNS) * LEGEND_ROW;
            sb.append(String.format(Locale.ROOT, "<g class=\"legend\" data-class=\"%d\"><rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\""
                    + " fill=\"%s\"/><text x=\"%d\" y=\"%d\">", k, lx, ly, colour(k, classes), lx + 14, ly + 9));
            sb.append(Svg.esc(Svg.abbreviate(classNames.get(k), 28))).append("<title>").append(Svg.esc(classNames.get(k)))
                    .append("</title></text></g>");
        }
        return sb.append("</svg>").toString();
    }
}
