package org.skelmae.data.ucla;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.skelmae.data.Centring;
import org.skelmae.data.JointLayout;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SourceReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one NW-UCLA sequence in the CTR-GCN {@code all_sqe} JSON form:
 * {@code {"file_name": "aAA_sSS_eEE_vVV", "skeletons": [T][20][3], "label": 1..10}} (Kinect v1, one body).
 * The sequence is centred on joint 2 (spine) of its first frame, like the NTU pipeline.
 */
public final class NwUclaReader implements SourceReader {

    /** Action IDs of the ten classes, in label order. */
    public static final int[] ACTION_IDS = {1, 2, 3, 4, 5, 6, 8, 9, 11, 12};

    /** Class names in label order. */
    public static final List<String> CLASS_NAMES = List.of("pick up with one hand", "pick up with two hands",
            "drop trash", "walk around", "sit down", "stand up", "donning", "doffing", "throw", "carry");

    private static final Pattern NAME = Pattern.compile("a(\\d{2})_s(\\d{2})_e(\\d{2})_v(\\d{2})");
    private static final JsonFactory JSON = new JsonFactory();
    private static final int V = 20;

    private final int minFrames;

    /** @param minFrames sequences with fewer frames are errors (NW-UCLA itself has two 1-frame sequences) */
    public NwUclaReader(int minFrames) {
        this.minFrames = Math.max(1, minFrames);
    }

    @Override
    public SkeletonSequence read(Path file, byte[] content) {
        String base = file.getFileName().toString().replaceFirst("\\.json$", "");
        Matcher m = NAME.matcher(base);
        if (!m.matches()) {
            throw new SkeletonDataException(file, 0, "expected an NW-UCLA file name aAA_sSS_eEE_vVV.json, e.g. a01_s01_e00_v01.json");
        }
        int action = Integer.parseInt(m.group(1));
        int view = Integer.parseInt(m.group(4));
        if (view < 1 || view > 3) {
            throw new SkeletonDataException(file, 0, "expected view 1..3 in the file name, found v" + m.group(4));
        }
        String declaredName = null;
        float[] xyz = null;
        int frames = 0;
        int label = -1;
        try (JsonParser p = JSON.createParser(content)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, file, "a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "file_name" -> {
                        expect(p, t, JsonToken.VALUE_STRING, file, "file_name to be a string");
                        declaredName = p.getText();
                    }
                    case "label" -> {
                        expect(p, t, JsonToken.VALUE_NUMBER_INT, file, "label to be an integer 1..10");
                        label = p.getIntValue();
                    }
                    case "skeletons" -> {
                        FloatList list = new FloatList();
                        frames = readFrames(p, t, file, list);
                        xyz = list.toArray();
                    }
                    default -> throw error(p, file, "unexpected field '" + field + "' (expected file_name, skeletons, label)");
                }
            }
        } catch (JsonParseException e) {
            throw error(e.getLocation(), file, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SkeletonDataException(file, 0, "cannot parse: " + e.getMessage());
        }
        if (xyz == null) {
            throw new SkeletonDataException(file, 0, "expected a 'skeletons' field, none found");
        }
        if (label < 0) {
            throw new SkeletonDataException(file, 0, "expected a 'label' field, none found");
        }
        if (declaredName != null && !declaredName.equals(base)) {
            throw new SkeletonDataException(file, 0, "file_name '" + declaredName + "' does not match the file's name '" + base + "'");
        }
        if (label < 1 || label > ACTION_IDS.length) {
            throw new SkeletonDataException(file, 0, "unknown label " + label + ": expected 1..10");
        }
        if (ACTION_IDS[label - 1] != action) {
            throw new SkeletonDataException(file, 0, "label " + label + " is action a" + String.format("%02d", ACTION_IDS[label - 1])
                    + " but the file name says a" + m.group(1));
        }
        if (frames < minFrames) {
            throw new SkeletonDataException(file, 0, "expected at least " + minFrames + " frame" + (minFrames == 1 ? "" : "s")
                    + ", found " + frames);
        }
        Centring.centreOnFirstFrame(xyz, frames, 1, V, JointLayout.KINECT_V1.centreJoint());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("action", Integer.toString(action));
        attributes.put("subject", Integer.toString(Integer.parseInt(m.group(2))));
        attributes.put("episode", Integer.toString(Integer.parseInt(m.group(3))));
        attributes.put("view", Integer.toString(view));
        return new SkeletonSequence(base, label - 1, frames, 1, V, xyz, 1, attributes);
    }

    private static int readFrames(JsonParser p, JsonToken t, Path file, FloatList out) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, file, "skeletons to be an array of frames");
        int frames = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(p, t, JsonToken.START_ARRAY, file, "frame " + (frames + 1) + " to be an array of " + V + " joints");
            int joints = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String where = "joint " + (joints + 1) + " of frame " + (frames + 1);
                expect(p, t, JsonToken.START_ARRAY, file, where + " to be [x, y, z]");
                int c = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                        throw error(p, file, "expected coordinate " + (c + 1) + " of " + where + " to be a number, found " + p.getText());
                    }
                    double v = p.getDoubleValue();
                    if (!Double.isFinite(v)) {
                        throw error(p, file, "expected a finite coordinate in " + where + ", found " + v);
                    }
                    if (c < 3) {
                        out.add((float) v);
                    }
                    c++;
                }
                if (c != 3) {
                    throw error(p, file, "expected 3 coordinates for " + where + ", found " + c);
                }
                joints++;
            }
            if (joints != V) {
                throw error(p, file, "expected " + V + " joints (Kinect v1) in frame " + (frames + 1) + ", found " + joints);
            }
            frames++;
        }
        return frames;
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, Path file, String what) {
        if (got != want) {
            throw error(p, file, "expected " + what + ", found " + (got == null ? "end of input" : got.asString() == null ? got.name() : got.asString()));
        }
    }

    private static SkeletonDataException error(JsonParser p, Path file, String detail) {
        return error(p.currentLocation(), file, detail);
    }

    private static SkeletonDataException error(JsonLocation loc, Path file, String detail) {
        int line = loc == null ? 0 : loc.getLineNr();
        String col = loc == null ? "" : " (column " + loc.getColumnNr() + ")";
        return new SkeletonDataException(file, line, detail + col);
    }

    /** Growable float array (avoids boxing on thousands of coordinates). */
    private static final class FloatList {
        private float[] a = new float[V * 3 * 64];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
