package org.skelmae.data;

/**
 * The only geometric normalisation of the reference pipeline (docs/method.md, "Inputs and preprocessing"): every joint
 * is translated so
 * that the centre joint of person 0 in its first non-empty frame is the origin. Person slots that are
 * all zero in a frame (an absent actor) stay exactly zero.
 */
public final class Centring {

    private Centring() {
    }

    /**
     * Centres (T, M, V, 3) coordinates in place.
     *
     * @return the index of the frame whose centre joint became the origin
     * @throws IllegalArgumentException when person 0 is absent from every frame
     */
    public static int centreOnFirstFrame(float[] xyz, int frames, int persons, int joints, int centreJoint) {
        int row = joints * 3;
        int first = -1;
        for (int f = 0; f < frames && first < 0; f++) {
            if (!allZero(xyz, f * persons * row, row)) {
                first = f;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("person 0 is absent from all " + frames + " frames");
        }
        int o = first * persons * row + centreJoint * 3;
        float ox = xyz[o];
        float oy = xyz[o + 1];
        float oz = xyz[o + 2];
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < persons; m++) {
                int base = (f * persons + m) * row;
                if (allZero(xyz, base, row)) {
                    continue;
                }
                for (int v = 0; v < joints; v++) {
                    xyz[base + v * 3] -= ox;
                    xyz[base + v * 3 + 1] -= oy;
                    xyz[base + v * 3 + 2] -= oz;
                }
            }
        }
        return first;
    }

    /** True when {@code len} values from {@code from} are all exactly zero. */
    public static boolean allZero(float[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (a[i] != 0f) {
                return false;
            }
        }
        return true;
    }
}
