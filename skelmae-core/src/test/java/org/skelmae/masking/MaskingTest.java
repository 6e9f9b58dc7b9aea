package org.skelmae.masking;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masking invariants (docs/method.md, "Spatio-temporal masking"). */
class MaskingTest {

    private static final SpatioTemporalMasker PAPER = new SpatioTemporalMasker(new MaskingConfig(0.4, 0.4), 120, 25);

    @Test
    void keptCountsAtThePaperSetting() {
        assertEquals(72, PAPER.keptFrames());
        assertEquals(15, PAPER.keptJoints());
        SequenceMask m = PAPER.draw(new SplittableRandom(1));
        assertEquals(72, m.frames().length);
        assertEquals(15, m.joints().length);
        assertEquals(60, new SpatioTemporalMasker(new MaskingConfig(0.5, 0.6), 120, 25).keptFrames());
        assertEquals(48, new SpatioTemporalMasker(new MaskingConfig(0.6, 0.8), 120, 25).keptFrames());
        assertEquals(5, new SpatioTemporalMasker(new MaskingConfig(0.6, 0.8), 120, 25).keptJoints());
    }

    @Test
    void keptSetsAreSortedAndTheMaskedSetIsTheComplement() {
        SequenceMask m = PAPER.draw(new SplittableRandom(2));
        int[] f = m.frames().clone();
        Arrays.sort(f);
        assertArrayEquals(f, m.frames());
        assertEquals(72, Arrays.stream(m.frames()).distinct().count());
        int masked = 0;
        for (int t = 0; t < 120; t++) {
            for (int v = 0; v < 25; v++) {
                boolean kept = Arrays.binarySearch(m.frames(), t) >= 0 && Arrays.binarySearch(m.joints(), v) >= 0;
                assertEquals(!kept, m.isMasked(t, v));
                if (m.isMasked(t, v)) {
                    masked++;
                }
            }
        }
        assertEquals(3000 - 72 * 15, masked, "|Ω| = 1,920");
    }

    @Test
    void sameSeedSameMaskAndSequencesAreIndependent() {
        assertArrayEquals(PAPER.draw(new SplittableRandom(3)).frames(), PAPER.draw(new SplittableRandom(3)).frames());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 120, 25, 2).addi(0.1);
        MaskedBatch a = MaskedBatch.of(x, PAPER, 6, false, true, 7, 0, new int[]{10, 11}, DataType.FLOAT);
        MaskedBatch b = MaskedBatch.of(x, PAPER, 6, false, true, 7, 0, new int[]{10, 11}, DataType.FLOAT);
        assertEquals(4, a.rows());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(a.masks().get(r).frames(), b.masks().get(r).frames());
            assertArrayEquals(a.masks().get(r).joints(), b.masks().get(r).joints());
            for (int q = r + 1; q < 4; q++) {
                assertFalse(Arrays.equals(a.masks().get(r).frames(), a.masks().get(q).frames()), "rows " + r + " and " + q);
            }
        }
        MaskedBatch c = MaskedBatch.of(x, PAPER, 6, false, true, 7, 1, new int[]{10, 11}, DataType.FLOAT);
        assertFalse(Arrays.equals(a.masks().get(0).frames(), c.masks().get(0).frames()), "another step, another mask");
    }

    @Test
    void visibleGridHoldsTheKeptCoordinatesAndEmptyPersonsAreDropped() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 120, 25, 2).addi(0.1);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0);
        MaskedBatch mb = MaskedBatch.of(x, PAPER, 6, false, true, 7, 0, new int[]{0, 1}, DataType.FLOAT);
        assertEquals(3, mb.rows(), "sample 1's second person is empty");
        INDArray vis = mb.placeholders().get(MaskedBatch.X_VISIBLE);
        SequenceMask m = mb.masks().get(2);
        for (int c = 0; c < 3; c++) {
            assertEquals(x.getFloat(1, c, m.frames()[5], m.joints()[3], 0), vis.getFloat(2, c, 5, 3), 0f);
        }
        INDArray slots = mb.placeholders().get(MaskedBatch.SLOT_INDEX);
        assertEquals(2 * 25 + m.joints()[4], slots.getInt(2, 2 * 15 + 4), "slot p·J_k + j is full position p·V + v_j");
        assertEquals(3 * 1920, mb.placeholders().get(MaskedBatch.LOSS_MASK).slice(0).sumNumber().intValue());
        assertEquals(mb.placeholders().get(MaskedBatch.MASKED_GRID).sumNumber().doubleValue() * 3, mb.placeholders().get(MaskedBatch.LOSS_MASK).sumNumber().doubleValue(), 0);
    }
}
