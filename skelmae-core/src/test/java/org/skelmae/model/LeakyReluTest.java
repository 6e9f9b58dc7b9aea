package org.skelmae.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** {@link GraphBuilder#leakyRelu} gives ND4J's {@code leakyrelu} and its gradient bit for bit. */
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
}
