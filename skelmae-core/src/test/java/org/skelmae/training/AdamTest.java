package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The flat-buffer Adam against a per-tensor Adam written out here, and its checkpoint state. */
class AdamTest {

    private static final double LR = 1e-3;

    private static Map<String, INDArray> params(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("conv.w", Nd4j.randn(DataType.FLOAT, 1, 5, 6, 4));
        p.put("conv.b", Nd4j.randn(DataType.FLOAT, 4));
        p.put("frozen.w", Nd4j.randn(DataType.FLOAT, 3, 3));
        p.put("head.w", Nd4j.randn(DataType.FLOAT, 10, 4));
        return p;
    }

    /** Gradients of every parameter but the frozen one, different at every step. */
    private static Map<String, INDArray> grads(Map<String, INDArray> params, int step) {
        Nd4j.getRandom().setSeed(1000 + step);
        Map<String, INDArray> g = new LinkedHashMap<>();
        params.forEach((k, a) -> {
            if (!k.startsWith("frozen")) {
                g.put(k, Nd4j.randn(DataType.FLOAT, a.shape()).muli(step % 2 == 0 ? 1e-3 : 10));
            }
        });
        return g;
    }

    /** PyTorch's Adam per tensor, in the order of operations of the flat one. */
    private static final class PerTensorAdam {
        final Map<String, INDArray> m = new LinkedHashMap<>();
        final Map<String, INDArray> v = new LinkedHashMap<>();
        long t;

        void step(Map<String, INDArray> params, Map<String, INDArray> grads, double wd) {
            t++;
            double bc1 = 1 - Math.pow(0.9, t);
            double bc2 = 1 - Math.pow(0.999, t);
            grads.forEach((k, g0) -> {
                INDArray p = params.get(k);
                INDArray g = g0.add(p.mul(wd));
                INDArray mi = m.computeIfAbsent(k, x -> Nd4j.zerosLike(p));
                INDArray vi = v.computeIfAbsent(k, x -> Nd4j.zerosLike(p));
                mi.muli(0.9).addi(g.mul(1 - 0.9));
                vi.muli(0.999).addi(g.mul(g).muli(1 - 0.999));
                INDArray denom = Transforms.sqrt(vi, true).divi(Math.sqrt(bc2)).addi(1e-8);
                p.subi(mi.div(denom).muli(LR / bc1));
            });
        }
    }

    @Test
    void updatesEveryParameterBitForBitLikeAPerTensorAdamAndLeavesTheOthersAlone() {
        Map<String, INDArray> flat = params(7);
        Map<String, INDArray> reference = params(7);
        INDArray frozen = flat.get("frozen.w").dup();
        Adam adam = new Adam(0.9, 0.999, 1e-8, 1e-4);
        PerTensorAdam per = new PerTensorAdam();
        for (int step = 1; step <= 6; step++) {
            adam.step(flat, grads(flat, step), LR);
            per.step(reference, grads(reference, step), 1e-4);
        }
        for (String k : flat.keySet()) {
            assertEquals(reference.get(k), flat.get(k), k);
        }
        assertEquals(frozen, flat.get("frozen.w"));
        assertEquals(per.m.get("head.w"), adam.firstMoments().get("head.w"));
        assertEquals(per.v.get("conv.w"), adam.secondMoments().get("conv.w"));
        assertEquals(6, adam.steps());
    }

    @Test
    void aResumedOptimiserContinuesExactlyWhetherRestoredBeforeOrAfterItsFirstStep() {
        Map<String, INDArray> straight = params(3);
        Adam a = new Adam(0.9, 0.999, 1e-8, 0);
        for (int step = 1; step <= 2; step++) {
            a.step(straight, grads(straight, step), LR);
        }
        Map<String, INDArray> m = copy(a.firstMoments());
        Map<String, INDArray> v = copy(a.secondMoments());
        Map<String, INDArray> early = copy(straight);
        Map<String, INDArray> late = copy(straight);

        Adam restoredFirst = new Adam(0.9, 0.999, 1e-8, 0);
        restoredFirst.restore(m, v, 2);
        Adam steppedFirst = new Adam(0.9, 0.999, 1e-8, 0);
        Map<String, INDArray> scratch = params(5);
        steppedFirst.step(scratch, grads(scratch, 9), LR); // lays its buffers out with other moments
        steppedFirst.restore(m, v, 2);
        for (int step = 3; step <= 4; step++) {
            a.step(straight, grads(straight, step), LR);
            restoredFirst.step(early, grads(early, step), LR);
            steppedFirst.step(late, grads(late, step), LR);
        }
        for (String k : straight.keySet()) {
            assertEquals(straight.get(k), early.get(k), k);
            assertEquals(straight.get(k), late.get(k), k);
        }
        assertEquals(a.secondMoments().get("conv.w"), steppedFirst.secondMoments().get("conv.w"));
        assertEquals(4, steppedFirst.steps());
    }

    @Test
    void refusesStateItDoesNotUpdateAndAChangingParameterSet() {
        Map<String, INDArray> p = params(1);
        Adam adam = new Adam(0.9, 0.999, 1e-8, 0);
        adam.step(p, grads(p, 1), LR);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.restore(Map.of("frozen.w", Nd4j.zeros(3, 3)), Map.of(), 1));
        assertEquals("Adam state for frozen.w, which this optimiser does not update", e.getMessage());
        Map<String, INDArray> fewer = grads(p, 2);
        fewer.remove("conv.b");
        assertThrows(IllegalStateException.class, () -> adam.step(p, fewer, LR));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        arrays.forEach((k, a) -> c.put(k, a.dup()));
        return c;
    }
}
