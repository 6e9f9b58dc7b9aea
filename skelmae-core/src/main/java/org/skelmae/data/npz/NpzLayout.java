package org.skelmae.data.npz;

/** How x is laid out in an {@code .npz} skeleton array file. */
public enum NpzLayout {
    /** (N, T, M·V·3), column = person·V·3 + joint·3 + coordinate: the NTU reference arrays. */
    NTU,
    /** (N, C=3, T, V, M): the feeder layout. */
    NCTVM
}
