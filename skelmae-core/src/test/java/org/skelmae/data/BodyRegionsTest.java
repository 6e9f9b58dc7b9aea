package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyRegionsTest {

    @Test
    void cocoRegionsHaveThePapersSizesAndCoverEveryJoint() {
        BodyRegions r = JointLayout.COCO_17.regions();
        int[] sizes = new int[6];
        int covered = 0;
        for (int i = 0; i < 6; i++) {
            sizes[i] = r.joints(i).length;
            covered += sizes[i];
        }
        assertArrayEquals(new int[]{5, 4, 2, 2, 2, 2}, sizes);
        assertEquals(17, covered, "regions are disjoint (checked on construction), so 17 means every joint");
    }

    @Test
    void everyBuiltInLimbHoldsOnlyJointsOfItsSide() {
        for (JointLayout layout : List.of(JointLayout.COCO_17, JointLayout.KINECT_V2, JointLayout.KINECT_V1)) {
            BodyRegions r = layout.requireRegions();
            int covered = 0;
            for (int i = 0; i < 6; i++) {
                String region = BodyRegions.NAMES.get(i);
                for (int j : r.joints(i)) {
                    String joint = layout.jointNames().get(j);
                    covered++;
                    if (region.startsWith("left_") || region.startsWith("right_")) {
                        String side = region.substring(0, region.indexOf('_') + 1);
                        assertTrue(joint.startsWith(side), layout + ": " + joint + " in " + region);
                        String limb = region.endsWith("arm") ? "shoulder|elbow|wrist|hand|thumb" : "knee|ankle|foot";
                        assertTrue(joint.matches(side + "(" + limb + ").*"), layout + ": " + joint + " in " + region);
                    }
                }
            }
            assertEquals(layout.joints(), covered, layout + ": every joint in a region");
        }
    }

    @Test
    void regionsTravelInTheLayoutJsonAndOldJsonGetsTheBuiltInOnes() throws Exception {
        String json = Json.mapper().writeValueAsString(JointLayout.KINECT_V1);
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(json);
        assertEquals("[5,6,7]", tree.get("regions").get("left_arm").toString());
        assertEquals(JointLayout.KINECT_V1, Json.mapper().readValue(json, JointLayout.class));

        tree.remove("regions");
        String old = tree.toString();
        assertEquals(JointLayout.KINECT_V1.regions(), Json.mapper().readValue(old, JointLayout.class).regions());

        JointLayout custom = Json.mapper().readValue(old.replace("kinect-v1", "my-rig"), JointLayout.class);
        assertNull(custom.regions());
        ConfigurationException e = assertThrows(ConfigurationException.class, custom::requireRegions);
        assertTrue(e.getMessage().contains("joint layout 'my-rig' declares no body regions"), e.getMessage());
        assertTrue(!Json.mapper().writeValueAsString(custom).contains("regions"), "no regions, no key");
        tree.remove("bones");
        Exception missing = assertThrows(Exception.class, () -> Json.mapper().readValue(tree.toString(), JointLayout.class));
        assertTrue(missing.getMessage().contains("joint layout: field 'bones' is missing"), missing.getMessage());
    }

    @Test
    void badRegionsAreRefusedNamingTheRegionAndJoint() {
        List<int[]> bones = List.of(new int[]{1, 0});
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
        Map<String, int[]> overlap = Map.of("head", new int[]{0}, "torso", new int[]{1}, "left_arm", new int[]{2},
                "right_arm", new int[]{3}, "left_leg", new int[]{4}, "right_leg", new int[]{5, 1});
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new JointLayout("x", names, bones, 0, BodyRegions.of(overlap)));
        assertEquals("joint layout 'x': joint 1 is in both torso and right_leg", e.getMessage());
        Map<String, int[]> outside = new java.util.HashMap<>(overlap);
        outside.put("right_leg", new int[]{7});
        e = assertThrows(ConfigurationException.class, () -> new JointLayout("x", names, bones, 0, BodyRegions.of(outside)));
        assertEquals("joint layout 'x': region right_leg names joint 7, outside 0..6", e.getMessage());
        Map<String, int[]> missing = new java.util.HashMap<>(overlap);
        missing.remove("head");
        e = assertThrows(ConfigurationException.class, () -> BodyRegions.of(missing));
        assertTrue(e.getMessage().startsWith("body regions: region 'head' is missing"), e.getMessage());
    }

    @Test
    void regionsAreNamedOrNumberedAsInThePaper() {
        assertEquals(3, BodyRegions.index("right_arm"));
        assertEquals(3, BodyRegions.index("V3"));
        assertEquals(5, BodyRegions.index("v5"));
        assertThrows(ConfigurationException.class, () -> BodyRegions.index("V6"));
        assertThrows(ConfigurationException.class, () -> BodyRegions.index("tail"));
    }
}
