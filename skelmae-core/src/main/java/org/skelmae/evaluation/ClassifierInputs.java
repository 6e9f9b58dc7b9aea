package org.skelmae.evaluation;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.SkeletonClassifier;

import java.util.Map;

/** How a classifier graph of a family takes a batch's coordinates; the labels are added by the caller. */
@FunctionalInterface
public interface ClassifierInputs {

    /**
     * The graph's placeholders for one batch.
     *
     * @param placeholders the inputs
     * @param release      frees what was made for them (not the batch's own array)
     */
    record Made(Map<String, INDArray> placeholders, Runnable release) {
    }

    /** The inputs for coordinates {@code x} (N, 3, T, V, M). */
    Made of(INDArray x, DataType dtype);

    /** The STTFormer family's classifier reads the coordinates as they are. */
    ClassifierInputs STTFORMER = (x, dtype) -> {
        INDArray cast = x.castTo(dtype);
        return new Made(Map.of(SkeletonClassifier.X, cast), () -> {
            if (cast != x) {
                cast.close();
            }
        });
    };
}
