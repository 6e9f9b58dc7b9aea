package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SGD against torch.optim.SGD and across a checkpoint's state. */
class SgdTest {

    private static final double[][] GRADS = {{0.5, 1.0}, {-0.25, 0.0}, {1.0, -3.0}};

    private static Map<String, INDArray> params() {
        Map<String, INDArray> p = new HashMap<>();
        p.put("w", Nd4j.createFromArray(1.0, -2.0));
        return p;
    }

    private static void step(Optimizer o, Map<String, INDArray> p, int i) {
        o.step(p, Map.of("w", Nd4j.createFromArray(GRADS[i])), 0.1);
    }

    /**
     * Expected values from Debian's PyTorch 1.13: SGD([p], lr=0.1, momentum=0.9, nesterov=..., weight_decay=0.1)
     * on p = [1, -2] with the three gradients above.
     */
    @Test
    void matchesPyTorchWithAndWithoutNesterov() {
        for (boolean nesterov : new boolean[]{true, false}) {
            Map<String, INDArray> p = params();
            Sgd sgd = new Sgd(0.9, nesterov, 0.1);
            for (int i = 0; i < 3; i++) {
                step(sgd, p, i);
            }
            double[] expected = nesterov ? new double[]{0.630906146, -1.6054584720000002} : new double[]{0.758024, -1.855968};
            assertEquals(expected[0], p.get("w").getDouble(0), 1e-12, "nesterov " + nesterov);
            assertEquals(expected[1], p.get("w").getDouble(1), 1e-12, "nesterov " + nesterov);
            assertEquals(3, sgd.steps());
        }
    }

    @Test
    void aRestoredStateContinuesExactly() {
        Map<String, INDArray> straight = params();
        Sgd a = new Sgd(0.9, true, 0.1);
        for (int i = 0; i < 3; i++) {
            step(a, straight, i);
        }
        Map<String, INDArray> resumed = params();
        Sgd b = new Sgd(0.9, true, 0.1);
        step(b, resumed, 0);
        step(b, resumed, 1);
        Map<String, Map<String, INDArray>> saved = new HashMap<>();
        b.slots().forEach((slot, values) -> {
            Map<String, INDArray> copy = new HashMap<>();
            values.forEach((k, v) -> copy.put(k, v.dup()));
            saved.put(slot, copy);
        });
        Sgd c = new Sgd(0.9, true, 0.1);
        c.restore(saved, b.steps());
        step(c, resumed, 2);
        assertEquals(straight.get("w"), resumed.get("w"));
        assertEquals(3, c.steps());
        assertThrows(IllegalArgumentException.class, () -> c.restore(Map.of("adam.m", Map.of()), 1), "Adam state cannot resume SGD");
    }

    @Test
    void theTrainingConfigNamesTheOptimiserAndKeepsOldJson() throws Exception {
        TrainingConfig adam = TrainingConfig.paper();
        assertEquals(Adam.class, Optimizer.of(adam).getClass());
        String json = org.skelmae.util.Json.line(adam);
        assertEquals(-1, json.indexOf("sgd"), "an Adam config's JSON (and hash) is what it was before SGD existed");
        TrainingConfig sgd = adam.withSgd(new TrainingConfig.SgdSettings(0.9, true), 5e-4);
        assertEquals(Sgd.class, Optimizer.of(sgd).getClass());
        TrainingConfig back = org.skelmae.util.Json.mapper().readValue(org.skelmae.util.Json.line(sgd), TrainingConfig.class);
        assertEquals(sgd, back);
    }
}
