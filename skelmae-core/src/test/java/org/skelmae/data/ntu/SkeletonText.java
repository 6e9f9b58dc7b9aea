package org.skelmae.data.ntu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds Kinect v2 {@code .skeleton} text for tests: frames of bodies with given joint coordinates. */
final class SkeletonText {

    /** One body in one frame. */
    record Body(String id, float[] xyz) {
    }

    private final List<List<Body>> frames = new ArrayList<>();

    /** Adds a frame holding these bodies (none for an empty frame). */
    SkeletonText frame(Body... bodies) {
        frames.add(List.of(bodies));
        return this;
    }

    /** A standing body: 25 joints, 0.8 m tall, narrower than tall (passes the spread filter), moved by dx. */
    static float[] standing(float dx, float wiggle) {
        float[] j = new float[75];
        for (int v = 0; v < 25; v++) {
            j[v * 3] = dx + 0.01f * (v % 5) + wiggle * (v % 3);
            j[v * 3 + 1] = 0.8f * v / 24f;
            j[v * 3 + 2] = 3f + 0.001f * v;
        }
        return j;
    }

    /** A body lying flat: much wider than tall (fails the spread filter). */
    static float[] lying(float dy) {
        float[] j = new float[75];
        for (int v = 0; v < 25; v++) {
            j[v * 3] = 0.8f * v / 24f;
            j[v * 3 + 1] = dy + 0.01f * (v % 2);
            j[v * 3 + 2] = 3f;
        }
        return j;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(frames.size()).append("\r\n");
        for (List<Body> f : frames) {
            sb.append(f.size()).append("\r\n");
            for (Body b : f) {
                sb.append(b.id).append(" 0 1 1 1 1 0 0.1 -0.2 2\r\n25\r\n");
                for (int v = 0; v < 25; v++) {
                    sb.append(String.format(Locale.ROOT, "%s %s %s 250.1 200.2 900.5 500.5 0.1 0.2 0.3 0.4 2\r\n",
                            Float.toString(b.xyz[v * 3]), Float.toString(b.xyz[v * 3 + 1]), Float.toString(b.xyz[v * 3 + 2])));
                }
            }
        }
        return sb.toString();
    }
}
