package org.skelmae.data;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One preprocessed skeleton sequence: {@code frames} valid frames of {@code persons} bodies of
 * {@code joints} joints with x, y, z each. Coordinates are stored frame-major as (T, M, V, 3), the
 * column order of the NTU reference arrays (person · V·3 + joint · 3 + coordinate).
 */
public final class SkeletonSequence {

    private final String name;
    private final int label;
    private final int frames;
    private final int persons;
    private final int joints;
    private final float[] xyz;
    private final int bodiesInSource;
    private final Map<String, String> attributes;

    /**
     * @param name           sample name, e.g. {@code S001C001P001R001A011} or {@code a01_s01_e00_v01}
     * @param label          0-based class index
     * @param frames         number of valid frames T (at least 1)
     * @param persons        person slots M
     * @param joints         joints V
     * @param xyz            T·M·V·3 floats, (T, M, V, 3) order; kept by reference, not copied
     * @param bodiesInSource distinct bodies the raw source held (before any actor selection)
     * @param attributes     dataset-specific fields (setup, camera, performer, view, ...)
     */
    public SkeletonSequence(String name, int label, int frames, int persons, int joints, float[] xyz,
                            int bodiesInSource, Map<String, String> attributes) {
        this.name = Objects.requireNonNull(name, "name");
        if (frames < 1 || persons < 1 || joints < 1) {
            throw new IllegalArgumentException(name + ": frames, persons and joints must be positive, got "
                    + frames + ", " + persons + ", " + joints);
        }
        if (xyz.length != frames * persons * joints * 3) {
            throw new IllegalArgumentException(name + ": expected " + frames + "x" + persons + "x" + joints
                    + "x3 = " + (frames * persons * joints * 3) + " coordinates, got " + xyz.length);
        }
        this.label = label;
        this.frames = frames;
        this.persons = persons;
        this.joints = joints;
        this.xyz = xyz;
        this.bodiesInSource = bodiesInSource;
        this.attributes = Map.copyOf(new TreeMap<>(attributes));
    }

    public String name() { return name; }

    /** 0-based class index. */
    public int label() { return label; }

    /** Valid frames T. */
    public int frames() { return frames; }

    /** Person slots M. */
    public int persons() { return persons; }

    /** Joints V. */
    public int joints() { return joints; }

    /** The coordinates in (T, M, V, 3) order. The array is shared, not copied: do not modify it. */
    public float[] xyz() { return xyz; }

    /** Distinct bodies in the raw source before actor selection. */
    public int bodiesInSource() { return bodiesInSource; }

    /** Dataset-specific sample fields, sorted by key. */
    public Map<String, String> attributes() { return attributes; }

    /** Offset of (t, m, v, c) in {@link #xyz()}. */
    public int offset(int t, int m, int v, int c) {
        return ((t * persons + m) * joints + v) * 3 + c;
    }

    /** True when person slot m is all zeros in every frame (an absent second actor). */
    public boolean personIsEmpty(int m) {
        for (int t = 0; t < frames; t++) {
            int base = offset(t, m, 0, 0);
            for (int i = 0; i < joints * 3; i++) {
                if (xyz[base + i] != 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " (label " + label + ", " + frames + " frames, " + persons + "x" + joints + " joints)";
    }
}
