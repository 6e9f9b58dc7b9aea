package org.skelmae.data.sampling;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch: coordinates as an ND4J array (N, C=3, T, V, M), the labels and the dataset indices.
 * Close it after use so its off-heap memory is released at once instead of at the next GC.
 *
 * @param x       (N, 3, T, V, M) float array
 * @param labels  0-based class per sample
 * @param indices dataset index per sample
 */
public record Batch(INDArray x, int[] labels, int[] indices) implements AutoCloseable {

    public int size() {
        return labels.length;
    }

    @Override
    public void close() {
        if (!x.wasClosed()) {
            x.close();
        }
    }
}
