package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;

import java.util.List;
import java.util.Map;

/**
 * One optimiser step of a graph: forward and backward pass, then an update of the trainable parameters.
 * Training runs, the cost measurement and the performance benchmark all time this same step.
 */
public final class TrainingStep {

    private final ModelGraph graph;
    private final ParameterStore store;
    private final List<String> trainable;
    private final Optimizer optimizer;
    private final double bnMomentum;

    /**
     * @param graph      a training graph over {@code store}
     * @param trainable  the parameters that get gradients and updates (a frozen encoder is left out)
     * @param bnMomentum momentum of the BatchNorm running averages
     */
    public TrainingStep(ModelGraph graph, ParameterStore store, List<String> trainable, Optimizer optimizer, double bnMomentum) {
        this.graph = graph;
        this.store = store;
        this.trainable = List.copyOf(trainable);
        this.optimizer = optimizer;
        this.bnMomentum = bnMomentum;
    }

    /** Forward and backward pass without an update, so a caller can refuse a non-finite loss before it reaches the weights. */
    public ModelGraph.Step gradients(Map<String, INDArray> inputs, long rows) {
        return graph.step(inputs, trainable, rows, bnMomentum);
    }

    /** The optimiser's update from a pass's gradients. */
    public void update(ModelGraph.Step pass, double learningRate) {
        optimizer.step(store.params(), pass.gradients(), learningRate);
    }

    /** A whole step: {@link #gradients} then {@link #update}; the caller closes the returned pass. */
    public ModelGraph.Step run(Map<String, INDArray> inputs, long rows, double learningRate) {
        ModelGraph.Step pass = gradients(inputs, rows);
        update(pass, learningRate);
        return pass;
    }

    public ModelGraph graph() {
        return graph;
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
