package org.skelmae.training;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.skelmae.run.Seeds;
import org.skelmae.util.AtomicFiles;
import org.skelmae.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code reconstructions.json} of a pre-training run: what the trained model (last epoch, evaluation mode) makes of a
 * few test sequences under the run's validation masking. The sequences are drawn from the test split with a seed that
 * depends on nothing of the run ({@link #SELECTION_SEED}), so every method and seed shows the same ones, and their
 * masks are the validation masks of those sequences (the same hidden positions {@code validate()} scores).
 *
 * <p>Coordinates are in the model's input space: the test view of the sequence (the project's preprocessing,
 * centring, the family's test clip sampling, no rotation or jitter), (x, y, z) per joint. {@code truth} is that
 * input; {@code reconstruction} is the model's output at the masked positions and the input at the visible ones (as
 * the encoder was given them), or null when the model does not reconstruct coordinates (the graph family's embedded
 * targets). Long clips are written at {@link #LONG_CLIP_FRAMES} evenly spaced frames; the errors always cover the
 * whole clip.
 *
 * @param schemaVersion       layout version
 * @param experiment          the run's experiment
 * @param seed                the run's seed
 * @param family              {@code sttformer} or {@code graph}
 * @param layout              joint layout name ({@link org.skelmae.data.JointLayout#builtIn} or a user layout)
 * @param jointNames          the layout's joint names
 * @param bones               the layout's bones as (child, parent)
 * @param space               what the coordinates are
 * @param reconstructionSpace what the model reconstructs, and whether {@code reconstruction} holds coordinates
 * @param errorMeasure        how {@code error} is computed (the validation loss's measure)
 * @param weights             which weights reconstructed (the last epoch's)
 * @param selectionSeed       seed of the sequence choice
 * @param clipFrames          frames of the model's clip T
 * @param sequences           the shown sequences, in test-split order
 */
@JsonPropertyOrder({"schemaVersion", "experiment", "seed", "family", "layout", "jointNames", "bones", "space",
        "reconstructionSpace", "errorMeasure", "weights", "selectionSeed", "clipFrames", "sequences"})
public record Reconstructions(int schemaVersion, String experiment, long seed, String family, String layout,
                              List<String> jointNames, List<int[]> bones, String space, String reconstructionSpace,
                              String errorMeasure, String weights, long selectionSeed, int clipFrames,
                              List<Sequence> sequences) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "reconstructions.json";
    /** Seed of the sequence choice: fixed, so every run of every method shows the same sequences. */
    public static final long SELECTION_SEED = Seeds.of(0, "reconstructions");
    /** Sequences shown per run. */
    public static final int COUNT = 3;
    /** Clips up to this length are written whole. */
    public static final int MAX_WHOLE_FRAMES = 64;
    /** Frames written of a longer clip. */
    public static final int LONG_CLIP_FRAMES = 32;

    /**
     * One shown sequence.
     *
     * @param index        dataset index
     * @param label        class label
     * @param className    class name
     * @param testPosition position in the test split (fixes its validation batch)
     * @param error        reconstruction error of the sequence over all its masked positions (all persons)
     * @param frames       the clip frames written, ascending
     * @param persons      the person slots the model saw (empty ones are left out, as in validation)
     */
    @JsonPropertyOrder({"index", "label", "className", "testPosition", "error", "frames", "persons"})
    public record Sequence(int index, int label, String className, int testPosition, double error, int[] frames,
                           List<Person> persons) {
    }

    /**
     * One person-sequence.
     *
     * @param person         person slot
     * @param error          its reconstruction error
     * @param keptFrames     clip frames the encoder saw (every frame for the graph family)
     * @param keptJoints     joints the encoder saw in those frames
     * @param masked         per written frame, the hidden joints
     * @param truth          per written frame and joint, (x, y, z) of the input
     * @param reconstruction per written frame and joint, (x, y, z): output where masked, input where visible; or null
     */
    @JsonPropertyOrder({"person", "error", "keptFrames", "keptJoints", "masked", "truth", "reconstruction"})
    public record Person(int person, double error, int[] keptFrames, int[] keptJoints, int[][] masked, float[][][] truth,
                         float[][][] reconstruction) {

        /** Whether joint v of written frame i was hidden. */
        public boolean isMasked(int i, int v) {
            return Arrays.stream(masked[i]).anyMatch(j -> j == v);
        }
    }

    /** The positions in a test split of {@code size} samples of the shown sequences: {@link #COUNT} distinct, ascending. */
    public static int[] positions(int size) {
        int k = Math.min(COUNT, size);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(SELECTION_SEED);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(size - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] out = Arrays.copyOf(order, k);
        Arrays.sort(out);
        return out;
    }

    /** The clip frames written for a clip of {@code t} frames: all of them up to {@link #MAX_WHOLE_FRAMES}, else evenly spaced. */
    public static int[] writtenFrames(int t) {
        int n = t <= MAX_WHOLE_FRAMES ? t : LONG_CLIP_FRAMES;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == t ? i : (int) Math.round(i * (t - 1) / (double) (n - 1));
        }
        return out;
    }

    /**
     * Per written frame and joint, (x, y, z) read from a (3, T, V) person-sequence at {@code offset} of {@code a}.
     */
    public static float[][][] frames(float[] a, int offset, int t, int v, int[] written) {
        float[][][] out = new float[written.length][v][3];
        for (int i = 0; i < written.length; i++) {
            for (int j = 0; j < v; j++) {
                for (int c = 0; c < 3; c++) {
                    out[i][j][c] = a[offset + (c * t + written[i]) * v + j];
                }
            }
        }
        return out;
    }

    /** Per written frame, the joints hidden by a mask that keeps {@code keptFrames} × {@code keptJoints}. */
    public static int[][] masked(int[] keptFrames, int[] keptJoints, int v, int[] written) {
        int[][] out = new int[written.length][];
        for (int i = 0; i < written.length; i++) {
            boolean frameKept = Arrays.binarySearch(keptFrames, written[i]) >= 0;
            out[i] = java.util.stream.IntStream.range(0, v).filter(j -> !frameKept || Arrays.binarySearch(keptJoints, j) < 0).toArray();
        }
        return out;
    }

    private static final ObjectMapper COMPACT = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the file into a run directory, compactly (one line) and atomically. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.writeString(runDir.resolve(FILE), COMPACT.writeValueAsString(this) + "\n");
    }

    /** Reads a run directory's file. */
    public static Reconstructions read(Path file) {
        return Json.read(file, Reconstructions.class);
    }
}
