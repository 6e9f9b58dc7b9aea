package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and PyTorch's semantics: g = ∇ + λ·p (coupled weight decay), b = μ·b + g (b starts at
 * zero, so the first b is g), and p −= lr·(g + μ·b) with Nesterov momentum, p −= lr·b without. The
 * graph family's fine-tuning recipe (docs/method.md, "Fine-tuning the graph family").
 */
public final class Sgd implements Optimizer {

    static final String SLOT = "sgd.momentum";

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private long steps;

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            INDArray p = params.get(e.getKey());
            if (p == null) {
                continue;
            }
            INDArray g = weightDecay != 0 ? e.getValue().add(p.mul(weightDecay)) : e.getValue().dup();
            INDArray b = buffers.computeIfAbsent(e.getKey(), k -> p.ulike().assign(0));
            b.muli(momentum).addi(g);
            INDArray update = nesterov ? g.addi(b.mul(momentum)) : b;
            p.subi(update.mul(lr));
        }
        steps++;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public Map<String, Map<String, INDArray>> slots() {
        return Map.of(SLOT, buffers);
    }

    @Override
    public void restore(Map<String, Map<String, INDArray>> slots, long stepCount) {
        buffers.clear();
        slots.getOrDefault(SLOT, Map.of()).forEach((k, a) -> buffers.put(k, a.dup()));
        for (String other : slots.keySet()) {
            if (!other.equals(SLOT)) {
                throw new IllegalArgumentException("a checkpoint with " + other + " state cannot resume an SGD run");
            }
        }
        steps = stepCount;
    }

    @Override
    public String toString() {
        return "SGD(momentum " + momentum + (nesterov ? ", Nesterov" : "") + ", weight decay " + weightDecay + ")";
    }
}
