package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with PyTorch semantics (SPEC §5.4): weight decay added to the gradient (coupled L2), bias
 * corrections, and ε added after dividing √v by √(1 − β2^t). Parameters are updated in place; the
 * moments are state that a checkpoint saves and a resume restores.
 */
public final class Adam {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long steps;

    public Adam(double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            INDArray p = params.get(e.getKey());
            if (p == null) {
                continue;
            }
            INDArray g = e.getValue();
            if (weightDecay != 0) {
                g = g.add(p.mul(weightDecay));
            }
            INDArray mi = m.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
            INDArray vi = v.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(p));
            mi.muli(beta1).addi(g.mul(1 - beta1));
            vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(vi, true).divi(Math.sqrt(bc2)).addi(epsilon);
            p.subi(mi.div(denom).muli(lr / bc1));
            denom.close();
            if (g != e.getValue()) {
                g.close();
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** First moments by parameter name (for checkpoints). */
    public Map<String, INDArray> firstMoments() {
        return m;
    }

    /** Second moments by parameter name (for checkpoints). */
    public Map<String, INDArray> secondMoments() {
        return v;
    }

    /** Restores the state saved from {@link #firstMoments()}, {@link #secondMoments()} and {@link #steps()}. */
    public void restore(Map<String, INDArray> first, Map<String, INDArray> second, long stepCount) {
        m.clear();
        v.clear();
        first.forEach((k, a) -> m.put(k, a.dup()));
        second.forEach((k, a) -> v.put(k, a.dup()));
        steps = stepCount;
    }
}
