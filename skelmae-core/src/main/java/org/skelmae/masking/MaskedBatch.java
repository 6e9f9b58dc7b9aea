package org.skelmae.masking;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.sampling.BatchLoader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A batch prepared for masked pre-training: persons folded into rows, all-zero person-sequences
 * dropped (optionally), one mask per row, and the host arrays the pre-training graph takes as
 * placeholders (visible grid, full target, kept-frame/joint/slot indices, mask grids).
 */
public final class MaskedBatch {

    /** Placeholder names of the pre-training graph. */
    public static final String X_VISIBLE = "x_visible";
    public static final String X_FULL = "x_full";
    public static final String FRAME_INDEX = "frame_index";
    public static final String JOINT_INDEX = "joint_index";
    public static final String SLOT_INDEX = "slot_index";
    public static final String MASKED_GRID = "masked_grid";
    public static final String LOSS_MASK = "loss_mask";

    private final int rows;
    private final List<SequenceMask> masks;
    private final Map<String, INDArray> placeholders;

    private MaskedBatch(int rows, List<SequenceMask> masks, Map<String, INDArray> placeholders) {
        this.rows = rows;
        this.masks = masks;
        this.placeholders = placeholders;
    }

    /**
     * @param x                (N, 3, T, V, M) batch
     * @param masker           mask sampler
     * @param framesPerTuple   L
     * @param lossOnAll        the loss covers every position (otherwise masked positions only)
     * @param dropEmpty        leave out all-zero person-sequences
     * @param seed             mask seed
     * @param step             a number unique to this batch in the run (mixed into the seed)
     * @param sampleIds        dataset index per sample (mixed into each row's seed)
     */
    public static MaskedBatch of(INDArray x, SpatioTemporalMasker masker, int framesPerTuple, boolean lossOnAll,
                                 boolean dropEmpty, long seed, long step, int[] sampleIds, DataType dtype) {
        long[] s = x.shape();
        int n = (int) s[0];
        int t = (int) s[2];
        int v = (int) s[3];
        int m = (int) s[4];
        float[] data = x.castTo(DataType.FLOAT).data().asFloat();
        List<float[]> seqs = new ArrayList<>();
        List<Long> rowSeeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < m; p++) {
                float[] seq = personSequence(data, i, p, t, v, m);
                if (!(dropEmpty && isZero(seq))) {
                    seqs.add(seq);
                    rowSeeds.add(BatchLoader.mix(seed, step, (long) sampleIds[i] * m + p));
                }
            }
        }
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("every person-sequence of the batch is empty (all zeros)");
        }
        List<SequenceMask> drawn = new ArrayList<>(seqs.size());
        for (long rowSeed : rowSeeds) {
            drawn.add(masker.draw(new SplittableRandom(rowSeed)));
        }
        return build(seqs, drawn, t, v, framesPerTuple, lossOnAll, dtype);
    }

    /**
     * A batch with given masks, one per non-empty person-sequence in row order (sample, then person).
     * Used to reproduce a reference computation exactly.
     */
    public static MaskedBatch withMasks(INDArray x, List<SequenceMask> masks, int framesPerTuple, boolean lossOnAll,
                                        boolean dropEmpty, DataType dtype) {
        long[] s = x.shape();
        List<float[]> seqs = rows(x, dropEmpty);
        if (seqs.size() != masks.size()) {
            throw new IllegalArgumentException(masks.size() + " masks for " + seqs.size() + " person-sequences");
        }
        return build(seqs, masks, (int) s[2], (int) s[3], framesPerTuple, lossOnAll, dtype);
    }

    /** Person-sequences as (3, T, V) float arrays, sample-major, empty ones optionally dropped. */
    private static List<float[]> rows(INDArray x, boolean dropEmpty) {
        long[] s = x.shape();
        int n = (int) s[0];
        int t = (int) s[2];
        int v = (int) s[3];
        int m = (int) s[4];
        float[] data = x.castTo(DataType.FLOAT).data().asFloat();
        List<float[]> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < m; p++) {
                float[] seq = personSequence(data, i, p, t, v, m);
                if (!(dropEmpty && isZero(seq))) {
                    seqs.add(seq);
                }
            }
        }
        return seqs;
    }

    private static float[] personSequence(float[] data, int i, int p, int t, int v, int m) {
        float[] seq = new float[3 * t * v];
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < t; f++) {
                for (int j = 0; j < v; j++) {
                    seq[(c * t + f) * v + j] = data[(((i * 3 + c) * t + f) * v + j) * m + p];
                }
            }
        }
        return seq;
    }

    private static boolean isZero(float[] a) {
        for (float f : a) {
            if (f != 0f) {
                return false;
            }
        }
        return true;
    }

    private static MaskedBatch build(List<float[]> seqs, List<SequenceMask> masks, int t, int v, int framesPerTuple,
                                     boolean lossOnAll, DataType dtype) {
        int rows = seqs.size();
        int tk = masks.get(0).frames().length;
        int jk = masks.get(0).joints().length;
        float[] visible = new float[rows * 3 * tk * jk];
        float[] full = new float[rows * 3 * t * v];
        int[] frameIdx = new int[rows * tk];
        int[] jointIdx = new int[rows * jk];
        int[] slotIdx = new int[rows * framesPerTuple * jk];
        float[] masked = new float[rows * t * v];
        float[] lossMask = new float[rows * 3 * t * v];
        for (int r = 0; r < rows; r++) {
            float[] seq = seqs.get(r);
            System.arraycopy(seq, 0, full, r * 3 * t * v, seq.length);
            SequenceMask mask = masks.get(r);
            for (int c = 0; c < 3; c++) {
                for (int a = 0; a < tk; a++) {
                    for (int b = 0; b < jk; b++) {
                        visible[((r * 3 + c) * tk + a) * jk + b] = seq[(c * t + mask.frames()[a]) * v + mask.joints()[b]];
                    }
                }
            }
            System.arraycopy(mask.frames(), 0, frameIdx, r * tk, tk);
            System.arraycopy(mask.joints(), 0, jointIdx, r * jk, jk);
            for (int p = 0; p < framesPerTuple; p++) {
                for (int b = 0; b < jk; b++) {
                    slotIdx[(r * framesPerTuple + p) * jk + b] = p * v + mask.joints()[b];
                }
            }
            for (int f = 0; f < t; f++) {
                for (int j = 0; j < v; j++) {
                    boolean hidden = mask.isMasked(f, j);
                    masked[(r * t + f) * v + j] = hidden ? 1f : 0f;
                    for (int c = 0; c < 3; c++) {
                        lossMask[((r * 3 + c) * t + f) * v + j] = hidden || lossOnAll ? 1f : 0f;
                    }
                }
            }
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(X_VISIBLE, Nd4j.create(visible, new long[]{rows, 3, tk, jk}, 'c').castTo(dtype));
        ph.put(X_FULL, Nd4j.create(full, new long[]{rows, 3, t, v}, 'c').castTo(dtype));
        ph.put(FRAME_INDEX, Nd4j.createFromArray(frameIdx).reshape(rows, tk));
        ph.put(JOINT_INDEX, Nd4j.createFromArray(jointIdx).reshape(rows, jk));
        ph.put(SLOT_INDEX, Nd4j.createFromArray(slotIdx).reshape(rows, (long) framesPerTuple * jk));
        ph.put(MASKED_GRID, Nd4j.create(masked, new long[]{rows, 1, t, v}, 'c').castTo(dtype));
        ph.put(LOSS_MASK, Nd4j.create(lossMask, new long[]{rows, 3, t, v}, 'c').castTo(dtype));
        return new MaskedBatch(rows, List.copyOf(masks), ph);
    }

    /** Person-sequences in the batch (B'). */
    public int rows() {
        return rows;
    }

    public List<SequenceMask> masks() {
        return masks;
    }

    /** The graph inputs; the map is mutable so callers can add e.g. the VAE noise. */
    public Map<String, INDArray> placeholders() {
        return placeholders;
    }

    /** Releases the off-heap memory of the inputs. */
    public void close() {
        for (INDArray a : placeholders.values()) {
            if (!a.wasClosed()) {
                a.close();
            }
        }
    }
}
