package org.skelmae.reports.charts;

import org.skelmae.data.JointLayout;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.training.Reconstructions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strip of a few frames of one skeleton sequence, each frame drawn as the layout's bones (the same
 * (child, parent) pairs the graph models use) projected on x/y. Every body present in the sample is drawn,
 * the second in another colour; each bone is one {@code <line>} whose tooltip names its joints and their
 * coordinates, and nothing else in the strip is a line, so a strip of {@code f} frames of {@code b} bodies
 * has exactly {@code f · b · bones} lines.
 *
 * <p>Kinect layouts have y pointing up; 2D image keypoints (COCO-17) have y pointing down, and are drawn so.
 */
public final class SkeletonStrip {

    /** One colour per person slot: blue, orange, then the rest of the palette. */
    static final List<String> PERSON_COLOURS = Svg.PALETTE;

    private static final int PANEL_W = 150;
    private static final int PANEL_H = 180;
    private static final int GAP = 10;
    private static final int TOP = 30;
    private static final int PAD = 10;

    private SkeletonStrip() {
    }

    /**
     * {@code n} frame indices evenly spaced from the first to the last valid frame (fewer when the sequence is
     * shorter), ascending and distinct.
     */
    public static int[] evenFrames(int frames, int n) {
        int k = Math.max(1, Math.min(n, frames));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = k == 1 ? 0 : (int) Math.round(i * (frames - 1) / (double) (k - 1));
        }
        return out;
    }

    /** The person slots that hold a body somewhere in the sequence (slot 0 always counts). */
    public static List<Integer> drawnPersons(SkeletonSequence s) {
        List<Integer> out = new ArrayList<>();
        for (int m = 0; m < s.persons(); m++) {
            if (m == 0 || !s.personIsEmpty(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** True when y grows downwards in this layout's coordinates (2D image keypoints). */
    static boolean yDown(JointLayout layout) {
        return yDown(layout.name());
    }

    /** True when y grows downwards in the coordinates of the layout of this name. */
    static boolean yDown(String layoutName) {
        return JointLayout.COCO_17.name().equals(layoutName);
    }

    /**
     * The strip.
     *
     * @param title  heading and accessible title
     * @param s      the sequence
     * @param layout its joint layout (bones and joint names)
     * @param frames the frame indices to draw, each in 0..frames-1
     */
    public static String svg(String title, SkeletonSequence s, JointLayout layout, int[] frames) {
        List<Integer> persons = drawnPersons(s);
        float[] xyz = s.xyz();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int t : frames) {
            for (int m : persons) {
                if (absent(s, t, m)) {
                    continue;
                }
                for (int v = 0; v < s.joints(); v++) {
                    double x = xyz[s.offset(t, m, v, 0)];
                    double y = xyz[s.offset(t, m, v, 1)];
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (!Double.isFinite(minX)) {
            minX = -1;
            maxX = 1;
            minY = -1;
            maxY = 1;
        }
        // one scale for all frames (and both axes), so the strip shows motion, not rescaling
        double span = Math.max(1e-6, Math.max(maxX - minX, maxY - minY));
        double scale = Math.min(PANEL_W - 2 * PAD, PANEL_H - 2 * PAD) / span;
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        boolean down = yDown(layout);
        int w = Math.max(PANEL_W, frames.length * (PANEL_W + GAP) - GAP) + 2 * GAP;
        int h = TOP + PANEL_H + 24;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>",
                w, h, w, h, Svg.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"12\" font-weight=\"bold\">%s</text>", GAP, Svg.esc(title)));
        List<int[]> bones = layout.bones();
        List<String> names = layout.jointNames();
        for (int i = 0; i < frames.length; i++) {
            int t = frames[i];
            double ox = GAP + i * (PANEL_W + GAP);
            double mx = ox + PANEL_W / 2.0;
            double my = TOP + PANEL_H / 2.0;
            sb.append(String.format(Locale.ROOT, "<g class=\"frame\" data-frame=\"%d\"><title>%s</title>", t,
                    Svg.esc("frame " + (t + 1) + " of " + s.frames())));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>",
                    ox, TOP, PANEL_W, PANEL_H));
            for (int p = 0; p < persons.size(); p++) {
                int m = persons.get(p);
                if (absent(s, t, m)) {
                    continue;
                }
                String colour = PERSON_COLOURS.get(p % PERSON_COLOURS.size());
                for (int[] b : bones) {
                    double x1 = xyz[s.offset(t, m, b[0], 0)];
                    double y1 = xyz[s.offset(t, m, b[0], 1)];
                    double x2 = xyz[s.offset(t, m, b[1], 0)];
                    double y2 = xyz[s.offset(t, m, b[1], 1)];
                    double sy = down ? 1 : -1;
                    sb.append(String.format(Locale.ROOT,
                            "<line class=\"bone body%d\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" stroke-linecap=\"round\"><title>%s</title></line>",
                            p + 1, mx + scale * (x1 - cx), my + sy * scale * (y1 - cy), mx + scale * (x2 - cx), my + sy * scale * (y2 - cy), colour,
                            Svg.esc(String.format(Locale.ROOT, "body %d, frame %d: %s (%.3f, %.3f) to %s (%.3f, %.3f)", p + 1, t + 1,
                                    names.get(b[0]), x1, y1, names.get(b[1]), x2, y2))));
                }
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">frame %d</text>",
                    mx, TOP + PANEL_H + 14, t + 1));
            sb.append("</g>");
        }
        return sb.append("</svg>").toString();
    }

    /** True when body m is all zeros in frame t (not present in that frame). */
    private static boolean absent(SkeletonSequence s, int t, int m) {
        float[] xyz = s.xyz();
        int base = s.offset(t, m, 0, 0);
        for (int i = 0; i < s.joints() * 3; i++) {
            if (xyz[base + i] != 0f) {
                return false;
            }
        }
        return true;
    }

    // ----- reconstructions (reconstructions.json of a pre-training run) -----

    /** Colour of the ground truth under a reconstruction. */
    static final String TRUTH_COLOUR = "#9ca3af";
    /** Colour of the rings on masked joints. */
    static final String MASK_COLOUR = "#dc2626";
    private static final int REC_W = 120;
    private static final int REC_H = 150;
    /** Seconds each written frame shows in an animation. */
    static final double SECONDS_PER_FRAME = 0.25;

    /** Maps a run's coordinates into a panel: one scale for every frame and both axes, from the drawn ground truth. */
    private record Projection(double scale, double cx, double cy, double sy, double w, double h) {
        static Projection of(Reconstructions r, Reconstructions.Sequence s, int[] picks, double w, double h) {
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (Reconstructions.Person p : s.persons()) {
                for (int i : picks) {
                    if (absent(p.truth()[i])) {
                        continue;
                    }
                    for (float[] j : p.truth()[i]) {
                        minX = Math.min(minX, j[0]);
                        maxX = Math.max(maxX, j[0]);
                        minY = Math.min(minY, j[1]);
                        maxY = Math.max(maxY, j[1]);
                    }
                }
            }
            if (!Double.isFinite(minX)) {
                minX = -1;
                maxX = 1;
                minY = -1;
                maxY = 1;
            }
            double span = Math.max(1e-6, Math.max(maxX - minX, maxY - minY));
            // a margin, so a reconstruction a little off the truth stays in the panel (the panel clips the rest)
            double scale = Math.min(w, h) / (span * 1.25);
            return new Projection(scale, (minX + maxX) / 2, (minY + maxY) / 2, yDown(r.layout()) ? 1 : -1, w, h);
        }

        double x(double x) {
            return w / 2 + scale * (x - cx);
        }

        double y(double y) {
            return h / 2 + sy * scale * (y - cy);
        }
    }

    private static boolean absent(float[][] frame) {
        for (float[] j : frame) {
            if (j[0] != 0f || j[1] != 0f || j[2] != 0f) {
                return false;
            }
        }
        return true;
    }

    private static String xyz(float[] j) {
        return String.format(Locale.ROOT, "(%.3f, %.3f, %.3f)", j[0], j[1], j[2]);
    }

    /** The squared error of a masked joint's reconstruction, or NaN without one. */
    private static double squaredError(float[] truth, float[] rec) {
        if (rec == null) {
            return Double.NaN;
        }
        double e = 0;
        for (int c = 0; c < 3; c++) {
            double d = (double) rec[c] - truth[c];
            e += d * d;
        }
        return e;
    }

    /**
     * A strip of a few frames of a reconstructed sequence: in every frame and for every person the model saw, the
     * ground truth's bones in grey ({@code class="bone truth"}), the reconstruction's bones over them in the person's
     * colour ({@code class="bone recon"}; absent when the model does not reconstruct coordinates) and a red ring on
     * each masked joint ({@code class="masked"}), and the sequence's reconstruction error under the strip. Every line
     * and ring has a tooltip with joint names and coordinates (and a masked joint's squared error). A person absent
     * from a frame (all zeros) is not drawn there.
     *
     * @param title heading and accessible title
     * @param r     the run's file (layout, what the numbers are)
     * @param s     the sequence
     * @param picks indices into {@code s.frames()} (the written frames) to draw
     */
    public static String reconstructionSvg(String title, Reconstructions r, Reconstructions.Sequence s, int[] picks) {
        Projection pr = Projection.of(r, s, picks, REC_W, REC_H);
        List<String> names = r.jointNames();
        int w = Math.max(REC_W, picks.length * (REC_W + GAP) - GAP) + 2 * GAP;
        int h = TOP + REC_H + 44;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\" class=\"reconstruction-strip\"><title>%s</title>",
                w, h, w, h, Svg.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"12\" font-weight=\"bold\">%s</text>", GAP, Svg.esc(title)));
        for (int k = 0; k < picks.length; k++) {
            int i = picks[k];
            int t = s.frames()[i];
            int ox = GAP + k * (REC_W + GAP);
            sb.append(String.format(Locale.ROOT, "<g class=\"frame\" data-frame=\"%d\"><title>%s</title>", t,
                    Svg.esc("clip frame " + (t + 1) + " of " + r.clipFrames())));
            // a nested viewport clips a reconstruction that leaves the panel
            sb.append(String.format(Locale.ROOT, "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", ox, TOP, REC_W, REC_H,
                    REC_W, REC_H));
            sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>", REC_W, REC_H));
            for (int q = 0; q < s.persons().size(); q++) {
                Reconstructions.Person p = s.persons().get(q);
                float[][] truth = p.truth()[i];
                if (absent(truth)) {
                    continue;
                }
                float[][] rec = p.reconstruction() == null ? null : p.reconstruction()[i];
                String who = "body " + (p.person() + 1) + ", frame " + (t + 1);
                bones(sb, pr, r.bones(), names, truth, "bone truth body" + (p.person() + 1), TRUTH_COLOUR, 3, who + ", ground truth");
                if (rec != null) {
                    bones(sb, pr, r.bones(), names, rec, "bone recon body" + (p.person() + 1),
                            PERSON_COLOURS.get(q % PERSON_COLOURS.size()), 1.5, who + ", reconstruction");
                }
                for (int j : p.masked()[i]) {
                    float[] y = rec == null ? null : rec[j];
                    String tip = String.format(Locale.ROOT, "%s: %s masked, truth %s", who, names.get(j), xyz(truth[j]))
                            + (y == null ? " (the model reconstructs features, not coordinates)"
                            : String.format(Locale.ROOT, ", reconstruction %s, squared error %.4g", xyz(y), squaredError(truth[j], y)));
                    sb.append(String.format(Locale.ROOT,
                            "<circle class=\"masked body%d\" data-joint=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\"><title>%s</title></circle>",
                            p.person() + 1, j, pr.x(truth[j][0]), pr.y(truth[j][1]), MASK_COLOUR, Svg.esc(tip)));
                }
            }
            sb.append("</svg>");
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">frame %d</text>",
                    ox + REC_W / 2.0, TOP + REC_H + 14, t + 1));
            sb.append("</g>");
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"error\" x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", GAP, TOP + REC_H + 34,
                Svg.esc(String.format(Locale.ROOT, "reconstruction error %.4g", s.error()))));
        return sb.append("</svg>").toString();
    }

    private static void bones(StringBuilder sb, Projection pr, List<int[]> bones, List<String> names, float[][] frame, String cls, String colour,
                              double width, String who) {
        for (int[] b : bones) {
            float[] a = frame[b[0]];
            float[] c = frame[b[1]];
            sb.append(String.format(Locale.ROOT,
                    "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-linecap=\"round\"><title>%s</title></line>",
                    cls, pr.x(a[0]), pr.y(a[1]), pr.x(c[0]), pr.y(c[1]), colour, width,
                    Svg.esc(String.format(Locale.ROOT, "%s: %s %s to %s %s", who, names.get(b[0]), xyz(a), names.get(b[1]), xyz(c)))));
        }
    }

    private static String path(Projection pr, List<int[]> bones, float[][] frame) {
        StringBuilder d = new StringBuilder();
        for (int[] b : bones) {
            d.append(String.format(Locale.ROOT, "M%.1f %.1fL%.1f %.1f", pr.x(frame[b[0]][0]), pr.y(frame[b[0]][1]),
                    pr.x(frame[b[1]][0]), pr.y(frame[b[1]][1])));
        }
        return d.toString();
    }

    /**
     * A looping animation of every written frame of a reconstructed sequence, ground truth in grey and reconstruction
     * in colour with the masked joints ringed, made with CSS keyframes only (no script): each frame is a group that
     * is visible for its share of the loop. Each frame's tooltip gives its number and the squared error of its masked
     * coordinates; the frames shown in the strip carry the per-joint numbers.
     */
    public static String animationSvg(String title, Reconstructions r, Reconstructions.Sequence s) {
        int n = s.frames().length;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int size = 170;
        Projection pr = Projection.of(r, s, all, size, size);
        int top = 22;
        String cls = "skm-recon-f" + n;
        double cycle = n * SECONDS_PER_FRAME;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" font-family=\"sans-serif\" class=\"reconstruction-animation\"><title>%s</title>",
                size, size + top + 4, size, size + top + 4, Svg.esc(title)));
        // frame i is visible from i·Δ to (i + 1)·Δ of every loop of n·Δ
        sb.append(String.format(Locale.ROOT, "<style>.%s{visibility:hidden;animation:%s %.3fs linear infinite}"
                        + "@keyframes %s{0%%{visibility:visible}%.4f%%{visibility:hidden}100%%{visibility:hidden}}"
                        + "@media (prefers-reduced-motion: reduce){.%s{animation:none}.%s.first{visibility:visible}}</style>",
                cls, cls, cycle, cls, 100.0 / n, cls, cls));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%s</text>", Svg.esc("animation, " + n + " frames")));
        sb.append(String.format(Locale.ROOT, "<svg x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", top, size, size, size, size));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ddd\"/>", size, size));
        for (int i = 0; i < n; i++) {
            int t = s.frames()[i];
            double se = 0;
            long count = 0;
            StringBuilder g = new StringBuilder();
            for (int q = 0; q < s.persons().size(); q++) {
                Reconstructions.Person p = s.persons().get(q);
                float[][] truth = p.truth()[i];
                if (absent(truth)) {
                    continue;
                }
                g.append(String.format(Locale.ROOT, "<path class=\"truth\" d=\"%s\" stroke=\"%s\" stroke-width=\"3\" fill=\"none\" stroke-linecap=\"round\"/>",
                        path(pr, r.bones(), truth), TRUTH_COLOUR));
                float[][] rec = p.reconstruction() == null ? null : p.reconstruction()[i];
                if (rec != null) {
                    g.append(String.format(Locale.ROOT, "<path class=\"recon\" d=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\" stroke-linecap=\"round\"/>",
                            path(pr, r.bones(), rec), PERSON_COLOURS.get(q % PERSON_COLOURS.size())));
                }
                for (int j : p.masked()[i]) {
                    if (rec != null) {
                        se += squaredError(truth[j], rec[j]);
                        count += 3;
                    }
                    g.append(String.format(Locale.ROOT, "<circle class=\"masked\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"none\" stroke=\"%s\"/>",
                            pr.x(truth[j][0]), pr.y(truth[j][1]), MASK_COLOUR));
                }
            }
            String tip = "frame " + (t + 1) + " of " + r.clipFrames()
                    + (count > 0 ? String.format(Locale.ROOT, ": mean squared error of its masked coordinates %.4g", se / count) : "");
            sb.append(String.format(Locale.ROOT, "<g class=\"%s%s\" style=\"animation-delay:%.3fs\"><title>%s</title>", cls, i == 0 ? " first" : "",
                    i * SECONDS_PER_FRAME, Svg.esc(tip)));
            sb.append(g).append("</g>");
        }
        return sb.append("</svg></svg>").toString();
    }
}
