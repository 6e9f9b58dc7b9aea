package org.skelmae.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The joint layout of a skeleton dataset: how many joints, their names, the bone list and the joint used
 * as origin when centring. A layout is a property of the dataset, never a constant of the code.
 *
 * <p>Bones are (child, parent) pairs of 0-based joint indices. The built-in layouts are Kinect v2
 * (NTU RGB+D, 25 joints), Kinect v1 (NW-UCLA, 20 joints) and COCO-17 (2D keypoints from HRNet, as in
 * PYSKL's pickles); any other layout can be given as JSON. A layout may also name its six
 * {@link BodyRegions} (the built-in ones do), which region masking needs.
 */
@JsonPropertyOrder({"name", "jointNames", "bones", "centreJoint", "regions"})
public final class JointLayout {

    /**
     * Kinect v2 order used by NTU RGB+D 60/120 (docs/method.md, "Inputs and preprocessing"); centred on joint 2
     * (spine mid).
     */
    public static final JointLayout KINECT_V2 = new JointLayout("kinect-v2",
            List.of("spine_base", "spine_mid", "neck", "head", "left_shoulder", "left_elbow", "left_wrist",
                    "left_hand", "right_shoulder", "right_elbow", "right_wrist", "right_hand", "left_hip",
                    "left_knee", "left_ankle", "left_foot", "right_hip", "right_knee", "right_ankle",
                    "right_foot", "spine_shoulder", "left_hand_tip", "left_thumb", "right_hand_tip",
                    "right_thumb"),
            oneBased(new int[][]{{1, 2}, {2, 21}, {3, 21}, {4, 3}, {5, 21}, {6, 5}, {7, 6}, {8, 7}, {9, 21},
                    {10, 9}, {11, 10}, {12, 11}, {13, 1}, {14, 13}, {15, 14}, {16, 15}, {17, 1}, {18, 17},
                    {19, 18}, {20, 19}, {22, 23}, {23, 8}, {24, 25}, {25, 12}}),
            1, BodyRegions.KINECT_V2);

    /** Kinect v1 order used by NW-UCLA; centred on joint 2 (spine). */
    public static final JointLayout KINECT_V1 = new JointLayout("kinect-v1",
            List.of("hip_center", "spine", "shoulder_center", "head", "left_shoulder", "left_elbow",
                    "left_wrist", "left_hand", "right_shoulder", "right_elbow", "right_wrist", "right_hand",
                    "left_hip", "left_knee", "left_ankle", "left_foot", "right_hip", "right_knee",
                    "right_ankle", "right_foot"),
            oneBased(new int[][]{{1, 2}, {2, 3}, {4, 3}, {5, 3}, {6, 5}, {7, 6}, {8, 7}, {9, 3}, {10, 9},
                    {11, 10}, {12, 11}, {13, 1}, {14, 13}, {15, 14}, {16, 15}, {17, 1}, {18, 17}, {19, 18},
                    {20, 19}}),
            1, BodyRegions.KINECT_V1);

    /**
     * COCO-17 keypoints (HRNet, PYSKL's 2D pickles); bones as PYSKL's {@code coco} graph (16 edges towards
     * the nose), centred on joint 0 (nose), the root of that graph.
     */
    public static final JointLayout COCO_17 = new JointLayout("coco-17",
            List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
                    "right_knee", "left_ankle", "right_ankle"),
            List.of(new int[]{15, 13}, new int[]{13, 11}, new int[]{16, 14}, new int[]{14, 12}, new int[]{11, 5},
                    new int[]{12, 6}, new int[]{9, 7}, new int[]{7, 5}, new int[]{10, 8}, new int[]{8, 6},
                    new int[]{5, 0}, new int[]{6, 0}, new int[]{1, 0}, new int[]{3, 1}, new int[]{2, 0}, new int[]{4, 2}),
            0, BodyRegions.COCO_17);

    private final String name;
    private final List<String> jointNames;
    private final List<int[]> bones;
    private final int centreJoint;
    private final BodyRegions regions;

    /** A layout without body regions. */
    public JointLayout(String name, List<String> jointNames, List<int[]> bones, int centreJoint) {
        this(name, jointNames, bones, centreJoint, (BodyRegions) null);
    }

    /**
     * The JSON form. Its fields are set one by one, so that {@code regions} may be absent (layouts written
     * before layouts had regions); the other four are required.
     */
    static final class JsonForm {
        public String name;
        public List<String> jointNames;
        public List<int[]> bones;
        public Integer centreJoint;
        public Map<String, int[]> regions;
    }

    /** Reads the JSON form; a built-in layout's name and joints without regions get the built-in's regions. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static JointLayout fromJson(JsonForm f) {
        require(f.name, "name");
        require(f.jointNames, "jointNames");
        require(f.bones, "bones");
        require(f.centreJoint, "centreJoint");
        BodyRegions r = f.regions != null ? BodyRegions.of(f.regions) : null;
        JointLayout known = builtIn(f.name);
        if (r == null && known != null && known.jointNames.equals(f.jointNames)) {
            r = known.regions;
        }
        return new JointLayout(f.name, f.jointNames, f.bones, f.centreJoint, r);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new ConfigurationException("joint layout: field '" + field + "' is missing");
        }
    }

    /**
     * @param name        identifier written into configs and results
     * @param jointNames  one name per joint, in storage order
     * @param bones       (child, parent) pairs of 0-based joint indices
     * @param centreJoint 0-based index of the joint used as origin
     * @param regions     the six body regions, or null when the layout has none
     */
    public JointLayout(String name, List<String> jointNames, List<int[]> bones, int centreJoint, BodyRegions regions) {
        this.name = Objects.requireNonNull(name, "name");
        this.jointNames = List.copyOf(jointNames);
        this.bones = List.copyOf(bones);
        this.centreJoint = centreJoint;
        int v = this.jointNames.size();
        if (v == 0) {
            throw new ConfigurationException("joint layout '" + name + "': jointNames is empty");
        }
        if (centreJoint < 0 || centreJoint >= v) {
            throw new ConfigurationException("joint layout '" + name + "': centreJoint " + centreJoint
                    + " is outside 0.." + (v - 1));
        }
        for (int[] b : this.bones) {
            if (b.length != 2 || b[0] < 0 || b[0] >= v || b[1] < 0 || b[1] >= v) {
                throw new ConfigurationException("joint layout '" + name + "': bone " + java.util.Arrays.toString(b)
                        + " must be a (child, parent) pair of joint indices in 0.." + (v - 1));
            }
        }
        if (regions != null) {
            regions.check(name, v);
        }
        this.regions = regions;
    }

    private static List<int[]> oneBased(int[][] pairs) {
        List<int[]> out = new ArrayList<>();
        for (int[] p : pairs) {
            out.add(new int[]{p[0] - 1, p[1] - 1});
        }
        return out;
    }

    /** Returns the built-in layout with that name, or null. */
    public static JointLayout builtIn(String name) {
        if (KINECT_V2.name.equals(name)) {
            return KINECT_V2;
        }
        if (KINECT_V1.name.equals(name)) {
            return KINECT_V1;
        }
        if (COCO_17.name.equals(name)) {
            return COCO_17;
        }
        return null;
    }

    @JsonProperty public String name() { return name; }

    @JsonProperty public List<String> jointNames() { return jointNames; }

    @JsonProperty public List<int[]> bones() { return bones; }

    @JsonProperty public int centreJoint() { return centreJoint; }

    /** The six body regions, or null when the layout declares none. */
    public BodyRegions regions() { return regions; }

    /**
     * The body regions, for a method that masks them.
     *
     * @throws ConfigurationException naming the layout when it declares none
     */
    public BodyRegions requireRegions() {
        if (regions == null) {
            throw new ConfigurationException("joint layout '" + name + "' declares no body regions; region masking needs"
                    + " \"regions\": {" + String.join(", ", BodyRegions.NAMES.stream().map(n -> "\"" + n + "\": [...]").toList())
                    + "} in the layout");
        }
        return regions;
    }

    @JsonProperty("regions")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    Map<String, int[]> regionsJson() {
        return regions == null ? null : regions.byName();
    }

    /** Number of joints V. */
    public int joints() {
        return jointNames.size();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JointLayout other)) {
            return false;
        }
        if (!name.equals(other.name) || !jointNames.equals(other.jointNames) || centreJoint != other.centreJoint
                || bones.size() != other.bones.size() || !Objects.equals(regions, other.regions)) {
            return false;
        }
        for (int i = 0; i < bones.size(); i++) {
            if (!java.util.Arrays.equals(bones.get(i), other.bones.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, jointNames, centreJoint);
    }

    @Override
    public String toString() {
        return name + " (" + joints() + " joints)";
    }
}
