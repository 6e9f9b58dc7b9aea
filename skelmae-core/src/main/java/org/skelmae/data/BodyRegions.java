package org.skelmae.data;

import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six body regions of a joint layout, in the order the graph SkeletonMAE numbers them (V0-V5):
 * head, torso, left arm, right arm, left leg, right leg ("left" is the subject's own left). Region masking
 * hides whole regions (docs/method.md, "Body-region masking"). The regions are disjoint; a joint may
 * belong to none.
 */
public final class BodyRegions {

    /** The region names, V0 to V5. */
    public static final List<String> NAMES = List.of("head", "torso", "left_arm", "right_arm", "left_leg", "right_leg");

    /** COCO-17: the only anatomical split with the paper's region sizes (head 5, torso 4, each limb 2). */
    static final BodyRegions COCO_17 = new BodyRegions(List.of(new int[]{0, 1, 2, 3, 4}, new int[]{5, 6, 11, 12},
            new int[]{7, 9}, new int[]{8, 10}, new int[]{13, 15}, new int[]{14, 16}));

    /** Kinect v2 (25 joints), our proposal: hands, thumbs and tips go with their arm, spine and hips with the torso. */
    static final BodyRegions KINECT_V2 = new BodyRegions(List.of(new int[]{2, 3}, new int[]{0, 1, 20, 4, 8, 12, 16},
            new int[]{5, 6, 7, 21, 22}, new int[]{9, 10, 11, 23, 24}, new int[]{13, 14, 15}, new int[]{17, 18, 19}));

    /** Kinect v1 (20 joints), the same split without the hand tips and thumbs. */
    static final BodyRegions KINECT_V1 = new BodyRegions(List.of(new int[]{2, 3}, new int[]{0, 1, 4, 8, 12, 16},
            new int[]{5, 6, 7}, new int[]{9, 10, 11}, new int[]{13, 14, 15}, new int[]{17, 18, 19}));

    private final List<int[]> joints;

    /** @param joints six lists of 0-based joint indices, V0 (head) to V5 (right leg) */
    public BodyRegions(List<int[]> joints) {
        if (joints.size() != NAMES.size()) {
            throw new ConfigurationException("body regions: expected " + NAMES.size() + " regions " + NAMES + ", got " + joints.size());
        }
        List<int[]> copy = new ArrayList<>();
        for (int[] r : joints) {
            copy.add(r.clone());
        }
        this.joints = List.copyOf(copy);
    }

    /** Reads the JSON form: region name to joint indices, all six names present. */
    public static BodyRegions of(Map<String, int[]> byName) {
        List<int[]> list = new ArrayList<>();
        for (String n : NAMES) {
            int[] r = byName.get(n);
            if (r == null) {
                throw new ConfigurationException("body regions: region '" + n + "' is missing; expected all of " + NAMES
                        + ", found " + byName.keySet());
            }
            list.add(r);
        }
        if (byName.size() != NAMES.size()) {
            List<String> extra = new ArrayList<>(byName.keySet());
            extra.removeAll(NAMES);
            throw new ConfigurationException("body regions: unknown region " + extra + "; expected " + NAMES);
        }
        return new BodyRegions(list);
    }

    /**
     * Checks the regions against a layout of {@code joints} joints.
     *
     * @throws ConfigurationException naming the layout, region and joint when an index is out of range,
     *                                a joint is in two regions, or a region is empty
     */
    void check(String layout, int joints) {
        int[] owner = new int[joints];
        Arrays.fill(owner, -1);
        for (int r = 0; r < this.joints.size(); r++) {
            if (this.joints.get(r).length == 0) {
                throw new ConfigurationException("joint layout '" + layout + "': region " + NAMES.get(r) + " is empty");
            }
            for (int j : this.joints.get(r)) {
                if (j < 0 || j >= joints) {
                    throw new ConfigurationException("joint layout '" + layout + "': region " + NAMES.get(r) + " names joint "
                            + j + ", outside 0.." + (joints - 1));
                }
                if (owner[j] >= 0) {
                    throw new ConfigurationException("joint layout '" + layout + "': joint " + j + " is in both "
                            + NAMES.get(owner[j]) + " and " + NAMES.get(r));
                }
                owner[j] = r;
            }
        }
    }

    /** The 0-based region index of a name ({@code right_arm}) or of {@code V0}..{@code V5}. */
    public static int index(String name) {
        String n = name.trim();
        if (n.length() == 2 && (n.charAt(0) == 'V' || n.charAt(0) == 'v') && Character.isDigit(n.charAt(1))
                && n.charAt(1) - '0' < NAMES.size()) {
            return n.charAt(1) - '0';
        }
        int i = NAMES.indexOf(n);
        if (i < 0) {
            throw new ConfigurationException("unknown body region '" + name + "': expected one of " + NAMES + " or V0..V5");
        }
        return i;
    }

    /** The joints of region r (0 = head ... 5 = right leg). */
    public int[] joints(int r) {
        return joints.get(r).clone();
    }

    public int size() {
        return joints.size();
    }

    /** The JSON form, region name to joints. */
    public Map<String, int[]> byName() {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int r = 0; r < joints.size(); r++) {
            m.put(NAMES.get(r), joints.get(r).clone());
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BodyRegions other)) {
            return false;
        }
        for (int r = 0; r < joints.size(); r++) {
            if (!Arrays.equals(joints.get(r), other.joints.get(r))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int[] r : joints) {
            h = 31 * h + Arrays.hashCode(r);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < joints.size(); r++) {
            b.append(r == 0 ? "" : ", ").append(NAMES.get(r)).append(Arrays.toString(joints.get(r)));
        }
        return b.toString();
    }
}
