package org.skelmae.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A model built on an engine, bound to a {@link ParameterStore}: what training and evaluation ask of it. The store
 * is the one copy of the weights every engine reads (the optimiser updates it, checkpoints save it), so a run
 * pre-trained on one engine fine-tunes on another. {@link ModelGraph} is the ND4J implementation; an
 * {@link org.skelmae.engine.Engine} builds them.
 */
public interface Network extends AutoCloseable {

    /**
     * What one forward (and backward) pass returned.
     *
     * @param scalars   loss and loss parts
     * @param arrays    other requested outputs, copies the caller owns (close them when done)
     * @param gradients gradient per trainable parameter in the store's layout; owned by the network, overwritten by
     *                  the next step
     */
    record Step(Map<String, Double> scalars, Map<String, INDArray> arrays, Map<String, INDArray> gradients) {
        /** Releases the output copies. */
        public void close() {
            arrays.values().forEach(ModelGraph::release);
        }
    }

    /** Whether this is a training network (BatchNorm on batch statistics, gradients available). */
    boolean training();

    /** The store this network reads its parameters from. */
    ParameterStore store();

    /** Names of the store's parameters this network uses. */
    List<String> parameters();

    /** Names of the loss and its parts: the scalars a step returns. */
    List<String> lossNames();

    /**
     * Forward and backward pass on the store's current parameters: returns the loss parts, the extra outputs and
     * the gradients of {@code trainable}, and updates the store's BatchNorm running averages from this batch.
     *
     * @param rows       batch rows the BatchNorm layers saw (for the unbiased running variance)
     * @param bnMomentum momentum of the running averages
     */
    Step step(Map<String, INDArray> placeholders, List<String> trainable, long rows, double bnMomentum);

    /** Forward pass only, returning the loss parts and the {@code extra} outputs. */
    Step forward(Map<String, INDArray> placeholders, List<String> extra);

    /** Takes parameters and BatchNorm running averages from the store before evaluating (an evaluation network). */
    void syncFromStore();

    /** Off-heap bytes this network keeps for its activations between steps (its working set). */
    long workingSetBytes();

    /** Frees the network's native memory; the store is left alone. */
    @Override
    void close();
}
