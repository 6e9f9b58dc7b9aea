package org.skelmae.gin.masking;

import org.junit.jupiter.api.Test;
import org.skelmae.data.BodyRegions;
import org.skelmae.data.JointLayout;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionMaskingTest {

    private static final BodyRegions COCO = JointLayout.COCO_17.regions();

    private static int[] maskedJoints(boolean[] m) {
        return java.util.stream.IntStream.range(0, m.length).filter(i -> m[i]).toArray();
    }

    @Test
    void thePapersHeadlineMasksTheRightArmAndLeg() {
        boolean[] m = RegionMasking.PAPER.draw(COCO, 17, new SplittableRandom(1));
        assertArrayEquals(new int[]{8, 10, 14, 16}, maskedJoints(m), "right elbow, wrist, knee, ankle");
        assertEquals("regions:right_arm,right_leg", RegionMasking.PAPER.toString());
        assertEquals(RegionMasking.PAPER, RegionMasking.parse("regions:V5,V3"));
    }

    @Test
    void randomRegionsHideWholeRegionsInTheirRange() {
        RegionMasking m = RegionMasking.parse("random-regions:1-2");
        SplittableRandom rng = new SplittableRandom(7);
        int[] byCount = new int[7];
        int[] byRegion = new int[6];
        for (int draw = 0; draw < 3000; draw++) {
            boolean[] mask = m.draw(COCO, 17, rng);
            int regions = 0;
            for (int r = 0; r < 6; r++) {
                int hidden = 0;
                for (int j : COCO.joints(r)) {
                    hidden += mask[j] ? 1 : 0;
                }
                assertTrue(hidden == 0 || hidden == COCO.joints(r).length, "a region is hidden whole or not at all");
                if (hidden > 0) {
                    regions++;
                    byRegion[r]++;
                }
            }
            byCount[regions]++;
        }
        assertEquals(3000, byCount[1] + byCount[2], "one or two regions, never another count");
        assertTrue(Math.abs(byCount[1] - 1500) < 150, "k uniform in 1..2: " + byCount[1]);
        for (int r = 0; r < 6; r++) {
            // each region is chosen with probability (1/2)(1/6) + (1/2)(2/6) = 1/4
            assertTrue(Math.abs(byRegion[r] - 750) < 110, "region " + r + " drawn " + byRegion[r] + " times");
        }
        assertArrayEquals(m.draw(COCO, 17, new SplittableRandom(3)), m.draw(COCO, 17, new SplittableRandom(3)), "seeded");
    }

    @Test
    void randomJointsHideACountOrAShare() {
        assertEquals(9, maskedJoints(RegionMasking.parse("random-joints:9").draw(COCO, 17, new SplittableRandom(2))).length);
        assertEquals(9, maskedJoints(RegionMasking.parse("random-joints:0.5").draw(COCO, 17, new SplittableRandom(2))).length,
                "0.5 of 17 rounds to 9");
        assertEquals(5, maskedJoints(RegionMasking.parse("random-joints:0.2").draw(null, 25, new SplittableRandom(2))).length);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RegionMasking.parse("random-joints:17").draw(COCO, 17, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("hides 17 of 17 joints"), e.getMessage());
    }

    @Test
    void badTextNamesTheAcceptedForms() {
        for (String bad : new String[]{"", "regions:", "regions:tail", "random-regions:0-2", "random-regions:3-1",
                "random-regions:6", "random-joints:0", "random-joints:1.5", "everything",
                "regions:head,torso,left_arm,right_arm,left_leg,right_leg"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> RegionMasking.parse(bad), bad);
            assertTrue(e.getMessage().contains("expected regions:<name>,<name>"), e.getMessage());
        }
    }

    @Test
    void theTextFormIsTheJsonForm() throws Exception {
        for (String t : new String[]{"regions:right_arm", "random-regions:1-2", "random-regions:2", "random-joints:12", "random-joints:0.3"}) {
            RegionMasking m = RegionMasking.parse(t);
            assertEquals(t, m.toString());
            String json = Json.mapper().writeValueAsString(m);
            assertEquals("\"" + t + "\"", json);
            assertEquals(m, Json.mapper().readValue(json, RegionMasking.class));
        }
    }
}
