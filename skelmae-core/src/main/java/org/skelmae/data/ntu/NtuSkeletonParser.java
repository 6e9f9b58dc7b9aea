package org.skelmae.data.ntu;

import org.skelmae.data.TextCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the Kinect v2 {@code .skeleton} text format (docs/method.md, "Inputs and preprocessing"): drops empty frames,
 * accumulates
 * the x, y, z of each body ID's 25 joints and its interval of frame indices. Every malformed line ends
 * in an error naming the file, the line and what was expected.
 *
 * <p>By default the interval follows the reference code: after its first frame, a body's interval grows
 * by "previous index + 1" even when the body skipped frames, so a body that disappears and reappears is
 * shifted earlier in time. This keeps parity with the published arrays; pass
 * {@code contiguousIntervals = false} to record true frame indices instead.
 */
public final class NtuSkeletonParser {

    /** Joints per Kinect v2 body. */
    public static final int JOINTS = 25;

    private final boolean contiguousIntervals;

    public NtuSkeletonParser(boolean contiguousIntervals) {
        this.contiguousIntervals = contiguousIntervals;
    }

    /** Parses one file's content. */
    public NtuRawSkeleton parse(String sampleName, TextCursor in) {
        in.expectFields(1, "the frame count");
        int frameCount = in.nonNegativeInt(0, "the frame count");
        if (frameCount == 0) {
            throw in.error(in.line(), "expected at least one frame, the file declares 0 frames");
        }
        List<Integer> dropped = new ArrayList<>();
        Map<String, NtuRawSkeleton.Body> bodies = NtuRawSkeleton.newBodyMap();
        int valid = -1;
        int maxBodies = 0;
        for (int f = 0; f < frameCount; f++) {
            in.expectFields(1, "the body count of frame " + (f + 1) + " of " + frameCount);
            int bodyCount = in.nonNegativeInt(0, "the body count of frame " + (f + 1));
            if (bodyCount == 0) {
                dropped.add(f);
                continue;
            }
            valid++;
            maxBodies = Math.max(maxBodies, bodyCount);
            for (int b = 0; b < bodyCount; b++) {
                String where = "body " + (b + 1) + " of frame " + (f + 1);
                in.expectFields(10, "the body record of " + where
                        + " (bodyID clippedEdges handLeftConfidence handLeftState handRightConfidence"
                        + " handRightState isRestricted leanX leanY trackingState)");
                String id = in.text(0);
                for (int k = 1; k < 10; k++) {
                    in.number(k, "field " + (k + 1) + " of the body record of " + where);
                }
                in.expectFields(1, "the joint count of " + where);
                int joints = in.nonNegativeInt(0, "the joint count of " + where);
                if (joints != JOINTS) {
                    throw in.error(in.line(), "expected " + JOINTS + " joints (Kinect v2) for " + where + ", found " + joints);
                }
                NtuRawSkeleton.Body body = bodies.get(id);
                boolean first = body == null;
                if (first) {
                    body = new NtuRawSkeleton.Body(id);
                    bodies.put(id, body);
                }
                float[] rows = body.appendFrame();
                int off = body.rowOffset();
                for (int j = 0; j < JOINTS; j++) {
                    in.expectFields(12, "joint " + (j + 1) + " of " + where
                            + " (x y z depthX depthY colorX colorY orientationW orientationX orientationY"
                            + " orientationZ trackingState)");
                    rows[off + j * 3] = in.finiteFloat(0, "x of joint " + (j + 1));
                    rows[off + j * 3 + 1] = in.finiteFloat(1, "y of joint " + (j + 1));
                    rows[off + j * 3 + 2] = in.finiteFloat(2, "z of joint " + (j + 1));
                    for (int k = 3; k < 12; k++) {
                        in.number(k, "field " + (k + 1) + " of joint " + (j + 1));
                    }
                }
                List<Integer> interval = body.interval();
                if (first || !contiguousIntervals) {
                    interval.add(valid);
                } else {
                    interval.add(interval.get(interval.size() - 1) + 1);
                }
            }
        }
        if (!in.atEnd()) {
            in.next("end of file");
            throw in.error(in.line(), "expected end of file after " + frameCount + " frames, found more data");
        }
        if (valid < 0) {
            throw in.error(0, "all " + frameCount + " frames are empty (no body in any frame)");
        }
        return new NtuRawSkeleton(sampleName, frameCount, List.copyOf(dropped), maxBodies, bodies);
    }
}
