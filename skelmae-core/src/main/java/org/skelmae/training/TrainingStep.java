package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;

import java.util.List;
import java.util.Map;

/**
 * One optimiser step of a graph: forward and backward pass, then an update of the trainable parameters.
 * Training runs, the cost measurement and the performance benchmark all time this same step.
 */
public final class TrainingStep {

    private final Network graph;
    private final ParameterStore store;
    private final List<String> trainable;
    private final Optimizer optimizer;
    private final double bnMomentum;

    /**
     * @param graph      a training network over {@code store}
     * @param trainable  the parameters that get gradients and updates (a frozen encoder is left out)
     * @param bnMomentum momentum of the BatchNorm running averages
     */
    public TrainingStep(Network graph, ParameterStore store, List<String> trainable, Optimizer optimizer, double bnMomentum) {
        this.graph = graph;
        this.store = store;
        this.trainable = List.copyOf(trainable);
        this.optimizer = optimizer;
        this.bnMomentum = bnMomentum;
    }

    /** Forward and backward pass without an update, so a caller can refuse a non-finite loss before it reaches the weights. */
    public Network.Step gradients(Map<String, INDArray> inputs, long rows) {
        return graph.step(inputs, trainable, rows, bnMomentum);
    }

    /** The optimiser's update from a pass's gradients. */
    public void update(Network.Step pass, double learningRate) {
        optimizer.step(store.params(), pass.gradients(), learningRate);
    }

    /** A whole step: {@link #gradients} then {@link #update}; the caller closes the returned pass. */
    public Network.Step run(Map<String, INDArray> inputs, long rows, double learningRate) {
        Network.Step pass = gradients(inputs, rows);
        update(pass, learningRate);
        return pass;
    }

    public Network graph() {
        return graph;
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
