package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * An optimiser of a run: updates parameters in place from their gradients, and has state a checkpoint
 * saves and a resume restores. The state is named slots of per-parameter arrays ({@code adam.m},
 * {@code adam.v}, {@code sgd.momentum}); a checkpoint stores slot {@code s} of parameter {@code p} as
 * {@code s/p}.
 */
public interface Optimizer {

    /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
    void step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr);

    /** Updates applied so far. */
    long steps();

    /** The state by slot, then parameter name. */
    Map<String, Map<String, INDArray>> slots();

    /** Restores state saved from {@link #slots()} and {@link #steps()}. */
    void restore(Map<String, Map<String, INDArray>> slots, long steps);

    /** The optimiser a training configuration names: Adam, or SGD when it gives SGD settings. */
    static Optimizer of(TrainingConfig tc) {
        return tc.sgd() != null ? new Sgd(tc.sgd().momentum(), tc.sgd().nesterov(), tc.weightDecay())
                : new Adam(tc.beta1(), tc.beta2(), tc.epsilon(), tc.weightDecay());
    }
}
