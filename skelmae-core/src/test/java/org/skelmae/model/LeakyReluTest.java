package org.skelmae.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GraphBuilder#leakyRelu} gives ND4J's {@code leakyrelu} and its gradient bit for bit, and keeps only
 * its input for the backward pass.
 */
class LeakyReluTest {

    private static INDArray[] valueAndGradient(boolean ours, INDArray x0, INDArray w) {
        GraphBuilder g = new GraphBuilder(new ParameterStore(1, DataType.FLOAT), true, 0.1, 1e-5);
        SameDiff sd = g.sd();
        SDVariable x = sd.var("x", x0.dup());
        SDVariable y = ours ? g.leakyRelu(x) : sd.nn().leakyRelu(x, 0.1);
        sd.sum("loss", y.mul(sd.constant(w))).markAsLoss();
        INDArray out = sd.output(Map.of(), y.name()).get(y.name()).dup();
        INDArray grad = sd.calculateGradients(Map.of(), "x").get("x").dup();
        return new INDArray[]{out, grad};
    }

    @Test
    void sameValuesAndGradientsAsNd4jsLeakyRelu() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 8, 5, 7);
        x.putScalar(0, 0.0f);
        x.putScalar(1, -0.0f);
        x.putScalar(2, Float.MIN_VALUE);
        x.putScalar(3, -Float.MIN_VALUE);
        INDArray w = Nd4j.randn(DataType.FLOAT, 4, 8, 5, 7);
        INDArray[] expected = valueAndGradient(false, x, w);
        INDArray[] actual = valueAndGradient(true, x, w);
        assertArrayEquals(expected[0].data().asFloat(), actual[0].data().asFloat(), "values");
        assertArrayEquals(expected[1].data().asFloat(), actual[1].data().asFloat(), "gradients");
    }

    /**
     * Six layers h ← LeakyReLU(h ⊙ w): the written backward keeps x per activation, where the same activation
     * as x times a stop-gradient slope also keeps the slope, about 80% more memory in this chain.
     */
    @Test
    void keepsOnlyItsInputForTheBackwardPass() {
        long ours = stepWorkingSet(true);
        long slopeTimesX = stepWorkingSet(false);
        System.out.printf("LeakyReLU chain: step working set %d bytes, %d with a kept slope%n", ours, slopeTimesX);
        assertTrue(ours < 0.85 * slopeTimesX, ours + " bytes against " + slopeTimesX);
    }

    private static long stepWorkingSet(boolean ours) {
        GraphBuilder g = new GraphBuilder(new ParameterStore(5, DataType.FLOAT), true, 0.1, 1e-5);
        SameDiff sd = g.sd();
        SDVariable h = g.input("x", -1, 16, 10, 25);
        for (int i = 0; i < 6; i++) {
            SDVariable z = h.mul(g.param("w" + i, new long[]{1, 16, 10, 25}, Init.constant(0.9)));
            h = ours ? g.leakyRelu(z)
                    : z.mul(g.stopGradient(sd.math().step(z, -Float.MIN_VALUE).mul(0.9).add(0.1)));
        }
        sd.sum("loss", h).markAsLoss();
        try (ModelGraph graph = new ModelGraph(g, true, "loss", java.util.List.of(), java.util.List.of())) {
            Nd4j.getRandom().setSeed(4);
            graph.step(Map.of("x", Nd4j.randn(DataType.FLOAT, 8, 16, 10, 25)), graph.parameters(), 8, 0.1).close();
            return graph.pool().ownedBytes();
        }
    }
}
