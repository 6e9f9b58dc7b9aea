package org.skelmae.data;

import org.skelmae.problem.ConfigurationException;

import java.util.List;
import java.util.Locale;

/**
 * Geometric normalisation of generic ({@code .npz}) datasets, whose coordinates may be raw camera
 * coordinates. NTU RGB+D and NW-UCLA keep their own reference preprocessing and never pass through here.
 *
 * <ul>
 *   <li>{@link #NONE}: coordinates as stored.</li>
 *   <li>{@link #CENTRE}: every sequence is translated so that the layout's centre joint of person 0 in its
 *       first valid (non-all-zero) frame is the origin ({@link Centring}, the reference pipeline's only
 *       normalisation). Idempotent: a skelmae export of NTU or NW-UCLA is unchanged by it.</li>
 *   <li>{@link #CENTRE_SCALE}: centred, then scaled so that the sequence's mean bone length (over the
 *       layout's bones, the valid frames and present persons) is 1. Bone length is chosen over spread
 *       because it does not depend on the action: a jump and a sit-down of the same person get the same
 *       factor, while their spread differs. Layouts without bones fall back to the RMS distance of the
 *       joints from the centre joint.</li>
 * </ul>
 * Absent persons (all-zero person slots) stay exactly zero in every mode.
 */
public enum Normalization {
    /** Coordinates as stored. */
    NONE("none"),
    /** Centred on the centre joint of the first valid frame. */
    CENTRE("centre"),
    /** Centred, then scaled to unit mean bone length. */
    CENTRE_SCALE("centre-scale");

    /** Raw-looking data: the centre joint's mean distance from the origin exceeds this many body spreads. */
    public static final double RAW_RATIO = 2.0;

    private final String id;

    Normalization(String id) {
        this.id = id;
    }

    /** The property value: none, centre or centre-scale. */
    public String id() {
        return id;
    }

    /** Parses none, centre (or center) and centre-scale (or center-scale); the error names the property. */
    public static Normalization parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("center", "centre").replace('_', '-');
        for (Normalization n : values()) {
            if (n.id.equals(t)) {
                return n;
            }
        }
        throw new ConfigurationException("skelmae.normalize must be one of none, centre, centre-scale; got '" + text + "'");
    }

    /**
     * Normalises (T, M, V, 3) coordinates in place.
     *
     * @return the scale factor applied (1 when not scaling)
     * @throws IllegalArgumentException when person 0 is absent from every frame
     */
    public double apply(float[] xyz, int frames, int persons, JointLayout layout) {
        if (this == NONE) {
            return 1;
        }
        Centring.centreOnFirstFrame(xyz, frames, persons, layout.joints(), layout.centreJoint());
        if (this == CENTRE) {
            return 1;
        }
        double size = bodySize(xyz, frames, persons, layout);
        if (!(size > 0)) {
            return 1;
        }
        float k = (float) (1 / size);
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] *= k;
        }
        return k;
    }

    /** Mean bone length over valid frames and present persons (RMS distance to the centre joint without bones). */
    public static double bodySize(float[] xyz, int frames, int persons, JointLayout layout) {
        int v = layout.joints();
        int row = v * 3;
        List<int[]> bones = layout.bones();
        double sum = 0;
        long n = 0;
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < persons; m++) {
                int base = (f * persons + m) * row;
                if (Centring.allZero(xyz, base, row)) {
                    continue;
                }
                if (bones.isEmpty()) {
                    int c = base + layout.centreJoint() * 3;
                    for (int j = 0; j < v; j++) {
                        sum += dist2(xyz, base + j * 3, c);
                    }
                    n += v;
                } else {
                    for (int[] b : bones) {
                        sum += Math.sqrt(dist2(xyz, base + b[0] * 3, base + b[1] * 3));
                    }
                    n += bones.size();
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        return bones.isEmpty() ? Math.sqrt(sum / n) : sum / n;
    }

    private static double dist2(float[] a, int i, int j) {
        double dx = a[i] - a[j];
        double dy = a[i + 1] - a[j + 1];
        double dz = a[i + 2] - a[j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    /**
     * How raw a set of sequences looks: the mean distance of person 0's centre joint (first valid frame)
     * from the origin, and the mean body spread (RMS distance of that frame's joints from the centre joint).
     *
     * @param centreOffset mean distance of the centre joint from the origin
     * @param spread       mean body spread
     * @param sequences    sequences measured
     */
    public record RawStatistics(double centreOffset, double spread, int sequences) {

        /** True when the centre joint sits more than {@link #RAW_RATIO} body spreads from the origin. */
        public boolean looksRaw() {
            return spread > 0 && centreOffset > RAW_RATIO * spread;
        }

        /** centreOffset / spread (infinite when spread is 0). */
        public double ratio() {
            return spread > 0 ? centreOffset / spread : Double.POSITIVE_INFINITY;
        }

        /** Measures sequences as stored. */
        public static RawStatistics of(List<SkeletonSequence> seqs, JointLayout layout) {
            double off = 0;
            double spread = 0;
            int n = 0;
            int v = layout.joints();
            int row = v * 3;
            for (SkeletonSequence s : seqs) {
                float[] xyz = s.xyz();
                int persons = s.persons();
                for (int f = 0; f < s.frames(); f++) {
                    int base = f * persons * row;
                    if (Centring.allZero(xyz, base, row)) {
                        continue;
                    }
                    int c = base + layout.centreJoint() * 3;
                    off += Math.sqrt(xyz[c] * (double) xyz[c] + xyz[c + 1] * (double) xyz[c + 1] + xyz[c + 2] * (double) xyz[c + 2]);
                    double s2 = 0;
                    for (int j = 0; j < v; j++) {
                        s2 += dist2(xyz, base + j * 3, c);
                    }
                    spread += Math.sqrt(s2 / v);
                    n++;
                    break;
                }
            }
            return n == 0 ? new RawStatistics(0, 0, 0) : new RawStatistics(off / n, spread / n, n);
        }

        /** "centre joint 2.41 from the origin on average, body spread 0.31 (ratio 7.8, 300 sequences)". */
        public String describe() {
            return String.format(Locale.ROOT, "centre joint %.3g from the origin on average, body spread %.3g (ratio %.1f, %d sequences)",
                    centreOffset, spread, ratio(), sequences);
        }
    }
}
