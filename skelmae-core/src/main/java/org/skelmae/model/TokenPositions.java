package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the encoder's tuple-joint slots sit in the full layout (docs/method.md, "Encoder, decoder and positions under
 * masking"). On the full grid slot u is
 * position u; on a masked grid each sample has its own kept joints, so slot u = p·J_k + j stands for full
 * position p·V + v_j. The sinusoidal encoding and the attention prior A0 are defined on the full layout
 * and read at those positions through a per-sample one-hot selection (B, V'_k, V'_full), which keeps one
 * set of encoder weights valid for masked pre-training and full-grid fine-tuning.
 */
public final class TokenPositions {

    private final GraphBuilder g;
    private final int fullSlots;
    private final int slots;
    private final SDVariable selection;
    private final Map<Integer, SDVariable> encodings = new HashMap<>();

    private TokenPositions(GraphBuilder g, int fullSlots, int slots, SDVariable selection) {
        this.g = g;
        this.fullSlots = fullSlots;
        this.slots = slots;
        this.selection = selection;
    }

    /** Every slot present, in order. */
    public static TokenPositions full(GraphBuilder g, int slots) {
        return new TokenPositions(g, slots, slots, null);
    }

    /**
     * Per-sample subsets of the full layout.
     *
     * @param slotIndex (B, slots) integer placeholder: the full position of each visible slot
     */
    public static TokenPositions gathered(GraphBuilder g, int fullSlots, int slots, SDVariable slotIndex) {
        return new TokenPositions(g, fullSlots, slots, g.oneHot(slotIndex, fullSlots));
    }

    /** Slots of the full layout, L·V. */
    public int fullSlots() {
        return fullSlots;
    }

    /** Slots V' of the grid the encoder sees. */
    public int slots() {
        return slots;
    }

    /** The sinusoidal encoding for width {@code channels}: (1 or B, C, 1, V'). */
    public SDVariable encoding(int channels) {
        return encodings.computeIfAbsent(channels, c -> {
            SDVariable table = g.sd().constant(Nd4j.create(sinusoid(c, fullSlots), new long[]{c, fullSlots}, 'c').castTo(g.dtype()));
            if (selection == null) {
                return table.reshape(1, c, 1, fullSlots);
            }
            // (B, V'k, V'f) x (V'f, C) -> (B, V'k, C) -> (B, C, 1, V'k)
            SDVariable picked = g.sd().mmul(selection.reshape(-1, fullSlots), table, false, true, false).reshape(-1, slots, c);
            return g.sd().expandDims(picked.permute(0, 2, 1), 2);
        });
    }

    /** A prior (H, V'f, V'f) as seen by the current slots: (1 or B, H, V', V'). */
    public SDVariable prior(SDVariable a0, int heads) {
        if (selection == null) {
            return a0.reshape(1, heads, fullSlots, fullSlots);
        }
        // rows: (B·V'k, V'f) x (V'f, H·V'f) -> (B, V'k·H, V'f); columns: x selᵀ -> (B, V'k·H, V'k)
        SDVariable byRow = a0.permute(1, 0, 2).reshape(fullSlots, (long) heads * fullSlots);
        SDVariable rows = g.sd().mmul(selection.reshape(-1, fullSlots), byRow).reshape(-1, (long) slots * heads, fullSlots);
        SDVariable both = g.sd().mmul(rows, selection, false, true, false);
        return both.reshape(-1, slots, heads, slots).permute(0, 2, 1, 3);
    }

    /** P[2i, u] = sin(u ω_i), P[2i+1, u] = cos(u ω_i), ω_i = 10000^(-2i/C), as (C, V) C-order floats. */
    public static float[] sinusoid(int channels, int positions) {
        float[] p = new float[channels * positions];
        for (int i = 0; 2 * i < channels; i++) {
            double omega = Math.exp(2 * i * -(Math.log(10000.0) / channels));
            for (int u = 0; u < positions; u++) {
                p[(2 * i) * positions + u] = (float) Math.sin(u * omega);
                if (2 * i + 1 < channels) {
                    p[(2 * i + 1) * positions + u] = (float) Math.cos(u * omega);
                }
            }
        }
        return p;
    }
}
