package org.skelmae.masking;

/**
 * The kept frames and joints of one person-sequence, both sorted ascending. The visible grid is their
 * product; every other (frame, joint) position is masked.
 *
 * @param frames kept frame indices
 * @param joints kept joint indices
 */
public record SequenceMask(int[] frames, int[] joints) {

    /** True when (t, v) is hidden from the encoder. */
    public boolean isMasked(int t, int v) {
        return java.util.Arrays.binarySearch(frames, t) < 0 || java.util.Arrays.binarySearch(joints, v) < 0;
    }
}
