package org.skelmae.data.ntu;

import org.skelmae.data.Centring;
import org.skelmae.data.SkeletonDataException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 2 of the reference pipeline (docs/method.md, "Inputs and preprocessing"): removes noisy bodies and assigns at
 * most two actors.
 * Bodies tracked for 11 frames or fewer are dropped, then bodies whose frames are mostly wider than
 * tall; the rest are ranked by motion and packed into two actor slots by interval overlap. The result
 * is a (frames × 150) row array; for a single actor the second 75 columns are zero and
 * {@link Actors#secondActorPresent()} is false.
 */
public final class NtuDenoiser {

    static final int MAX_NOISE_LENGTH = 11;
    static final double SPREAD_RATIO = 0.8;
    static final double NOISE_FRAME_RATIO = 0.69754;
    private static final int ROW = 75;

    /**
     * The selected actors.
     *
     * @param rows               frames × 150 floats: actor 1 in columns 0..74, actor 2 in 75..149
     * @param frames             number of rows
     * @param secondActorPresent whether any body was placed in the second slot
     * @param log                what the denoiser removed or merged, one line per decision
     */
    public record Actors(float[] rows, int frames, boolean secondActorPresent, List<String> log) {
    }

    /** Selects the actors of one parsed file. */
    public Actors denoise(NtuRawSkeleton raw, String file) {
        List<String> log = new ArrayList<>();
        int numFrames = raw.validFrames();
        Map<String, NtuRawSkeleton.Body> bodies = raw.bodies();
        if (bodies.size() == 1) {
            float[] rows = new float[numFrames * 2 * ROW];
            place(bodies.values().iterator().next(), rows, 0, numFrames, file);
            return new Actors(rows, numFrames, false, log);
        }
        Map<String, Double> motion = new LinkedHashMap<>();
        for (NtuRawSkeleton.Body b : bodies.values()) {
            motion.put(b.id(), motion(b.joints(), null));
        }
        List<NtuRawSkeleton.Body> kept = new ArrayList<>();
        for (NtuRawSkeleton.Body b : bodies.values()) {
            if (b.interval().size() <= MAX_NOISE_LENGTH) {
                log.add("filter out " + b.id() + ": tracked for " + b.interval().size() + " frames (length)");
            } else {
                kept.add(b);
            }
        }
        if (kept.isEmpty()) {
            throw new SkeletonDataException(file, 0, "expected at least one body tracked for more than "
                    + MAX_NOISE_LENGTH + " frames; all " + bodies.size() + " bodies are shorter (the reference "
                    + "pipeline cannot use this sample; it belongs on the missing-skeleton list)");
        }
        if (kept.size() > 1) {
            spreadFilter(kept, motion, log);
        }
        float[] rows = new float[numFrames * 2 * ROW];
        boolean second = false;
        if (kept.size() == 1) {
            place(kept.get(0), rows, 0, numFrames, file);
        } else {
            kept.sort(Comparator.comparingDouble((NtuRawSkeleton.Body b) -> motion.get(b.id())).reversed());
            NtuRawSkeleton.Body actor1 = kept.get(0);
            place(actor1, rows, 0, numFrames, file);
            int start1 = actor1.start();
            int end1 = actor1.end();
            int start2 = 0;
            int end2 = 0;
            for (int i = 1; i < kept.size(); i++) {
                NtuRawSkeleton.Body b = kept.get(i);
                int s = b.start();
                int e = b.end();
                if (Math.min(end1, e) - Math.max(start1, s) <= 0) {
                    place(b, rows, 0, numFrames, file);
                    start1 = Math.min(s, start1);
                    end1 = Math.max(e, end1);
                    log.add("merge " + b.id() + " into actor 1 (no overlap)");
                } else if (Math.min(end2, e) - Math.max(start2, s) <= 0) {
                    place(b, rows, ROW, numFrames, file);
                    start2 = Math.min(s, start2);
                    end2 = Math.max(e, end2);
                    second = true;
                    log.add("assign " + b.id() + " to actor 2");
                } else {
                    log.add("discard " + b.id() + ": overlaps both actors");
                }
            }
        }
        return dropEmptyFrames(rows, numFrames, second, log);
    }

    private static void spreadFilter(List<NtuRawSkeleton.Body> kept, Map<String, Double> motion, List<String> log) {
        for (NtuRawSkeleton.Body b : new ArrayList<>(kept)) {
            if (kept.size() == 1) {
                break;
            }
            float[] j = b.joints();
            int frames = b.frames();
            boolean[] valid = new boolean[frames];
            int nValid = 0;
            for (int f = 0; f < frames; f++) {
                float xmin = Float.POSITIVE_INFINITY, xmax = Float.NEGATIVE_INFINITY;
                float ymin = Float.POSITIVE_INFINITY, ymax = Float.NEGATIVE_INFINITY;
                for (int v = 0; v < 25; v++) {
                    float x = j[f * ROW + v * 3];
                    float y = j[f * ROW + v * 3 + 1];
                    xmin = Math.min(xmin, x);
                    xmax = Math.max(xmax, x);
                    ymin = Math.min(ymin, y);
                    ymax = Math.max(ymax, y);
                }
                valid[f] = (xmax - xmin) <= SPREAD_RATIO * (ymax - ymin);
                if (valid[f]) {
                    nValid++;
                }
            }
            int noise = b.interval().size() - nValid;
            if (noise == 0) {
                continue;
            }
            double ratio = noise / (double) b.interval().size();
            if (ratio >= NOISE_FRAME_RATIO) {
                kept.remove(b);
                log.add(String.format(java.util.Locale.ROOT, "filter out %s: %.3f of its frames are wider than tall (spread)", b.id(), ratio));
            } else {
                double m = Math.min(motion.get(b.id()), motion(j, valid));
                motion.put(b.id(), m);
            }
        }
    }

    /** Sum over x, y, z of the variance over all (frame, joint) rows, optionally over valid frames only. */
    static double motion(float[] joints, boolean[] validFrames) {
        double[] sum = new double[3];
        long n = 0;
        int frames = joints.length / ROW;
        for (int f = 0; f < frames; f++) {
            if (validFrames != null && !validFrames[f]) {
                continue;
            }
            for (int v = 0; v < 25; v++) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += joints[f * ROW + v * 3 + c];
                }
                n++;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / n;
            double ss = 0;
            for (int f = 0; f < frames; f++) {
                if (validFrames != null && !validFrames[f]) {
                    continue;
                }
                for (int v = 0; v < 25; v++) {
                    double d = joints[f * ROW + v * 3 + c] - mean;
                    ss += d * d;
                }
            }
            total += ss / n;
        }
        return total;
    }

    private static void place(NtuRawSkeleton.Body b, float[] rows, int column, int numFrames, String file) {
        float[] j = b.joints();
        List<Integer> interval = b.interval();
        for (int k = 0; k < interval.size(); k++) {
            int f = interval.get(k);
            if (f >= numFrames) {
                throw new SkeletonDataException(file, 0, "body " + b.id() + " occupies frame index " + f
                        + " but the file has only " + numFrames + " non-empty frames (a body ID repeated within one frame?)");
            }
            System.arraycopy(j, k * ROW, rows, f * 2 * ROW + column, ROW);
        }
    }

    private static Actors dropEmptyFrames(float[] rows, int frames, boolean second, List<String> log) {
        int kept = 0;
        float[] out = new float[rows.length];
        for (int f = 0; f < frames; f++) {
            if (!Centring.allZero(rows, f * 2 * ROW, 2 * ROW)) {
                System.arraycopy(rows, f * 2 * ROW, out, kept * 2 * ROW, 2 * ROW);
                kept++;
            }
        }
        if (kept < frames) {
            log.add("drop " + (frames - kept) + " frames in which no selected actor is present");
        }
        return new Actors(java.util.Arrays.copyOf(out, kept * 2 * ROW), kept, second, log);
    }

}
