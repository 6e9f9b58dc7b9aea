package org.skelmae.data.ntu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of the reference pipeline (docs/method.md, "Inputs and preprocessing"): the bodies of one {@code .skeleton}
 * file, grouped by
 * body ID in order of first appearance, after empty frames were dropped.
 *
 * @param name          sample name
 * @param framesInFile  frame count declared on line 1
 * @param droppedFrames 0-based indices of frames with no body
 * @param maxBodiesPerFrame the largest body count of any frame
 * @param bodies        per body ID, in order of first appearance
 */
public record NtuRawSkeleton(String name, int framesInFile, List<Integer> droppedFrames, int maxBodiesPerFrame,
                             Map<String, Body> bodies) {

    /** Frames that held at least one body. */
    public int validFrames() {
        return framesInFile - droppedFrames.size();
    }

    /**
     * One tracked body: its joints, frame by frame (F_b · 25 · 3 floats), and the interval of frame
     * indices it occupies in the non-empty frame numbering.
     */
    public static final class Body {
        private final String id;
        private float[] joints = new float[75 * 64];
        private int frames;
        private final List<Integer> interval = new ArrayList<>();

        Body(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Frames this body was seen in. */
        public int frames() {
            return frames;
        }

        /** The joint rows: {@code frames() * 75} floats (x, y, z per joint). Do not modify. */
        public float[] joints() {
            return joints.length == frames * 75 ? joints : java.util.Arrays.copyOf(joints, frames * 75);
        }

        /** Frame indices in the non-empty-frame numbering; see {@link NtuSkeletonParser} for the quirk. */
        public List<Integer> interval() {
            return interval;
        }

        public int start() {
            return interval.get(0);
        }

        public int end() {
            return interval.get(interval.size() - 1);
        }

        float[] appendFrame() {
            if ((frames + 1) * 75 > joints.length) {
                joints = java.util.Arrays.copyOf(joints, joints.length * 2);
            }
            frames++;
            return joints;
        }

        int rowOffset() {
            return (frames - 1) * 75;
        }
    }

    static Map<String, Body> newBodyMap() {
        return new LinkedHashMap<>();
    }
}
