package org.skelmae.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training-mode BatchNorm of {@link GraphBuilder#batchNorm} (ND4J kernels, written backward) against
 * the same normalisation written out in elementary ops and differentiated by SameDiff, and against central
 * differences; double precision. Its input comes from a trainable scale so that the gradient it passes
 * down is checked through a parameter (SameDiff's own input gradients are not a reliable oracle).
 */
class BatchNormOpsTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static final String[] OUTPUTS = {"loss", "bn.batch_mean", "bn.batch_var"};

    @ParameterizedTest
    @CsvSource({"3, 4, 2, 5, true", "3, 4, 2, 5, false", "6, 5, 1, 1, false"})
    void sameValuesAndGradientsAsTheWrittenOutNormalisation(int n, int c, int h, int w, boolean affine) {
        long[] shape = {n, c, h, w};
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, shape).muli(2).addi(0.7);
        INDArray weights = Nd4j.rand(DataType.DOUBLE, shape);
        SameDiff ours = graph(shape, affine, weights, false);
        SameDiff reference = graph(shape, affine, weights, true);
        Map<String, INDArray> ph = Map.of("x", x);

        Map<String, INDArray> a = ours.output(ph, OUTPUTS);
        Map<String, INDArray> b = reference.output(ph, OUTPUTS);
        for (String o : OUTPUTS) {
            assertClose(b.get(o), a.get(o), 1e-10, o);
        }
        List<String> params = affine ? List.of("scale", "bn.gamma", "bn.beta") : List.of("scale");
        Map<String, INDArray> ga = ours.calculateGradients(ph, params);
        Map<String, INDArray> gb = reference.calculateGradients(ph, params);
        for (String p : params) {
            assertClose(gb.get(p), ga.get(p), 1e-9, p + " gradient");
        }
        List<String> failures = NumericalGradients.check(ours, "loss", ph, Set.of(), 12, 1e-6, 1e-5, 1e-8);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** loss = Σ r · BN(x · scale), with a fixed r; the reference writes BatchNorm out as before. */
    private static SameDiff graph(long[] shape, boolean affine, INDArray weights, boolean writtenOut) {
        GraphBuilder g = new GraphBuilder(new ParameterStore(3, DataType.DOUBLE), true, 0.1, 1e-5);
        SameDiff sd = g.sd();
        SDVariable x = g.input("x", -1, shape[1], shape[2], shape[3]);
        SDVariable z = x.mul(g.param("scale", new long[]{1, shape[1], shape[2], shape[3]}, Init.constant(1.3)));
        int c = (int) shape[1];
        SDVariable y = writtenOut ? writtenOutBatchNorm(g, z, c, affine) : g.batchNorm("bn", z, c, shape[2] * shape[3], affine);
        sd.sum("loss", y.mul(sd.constant(weights))).markAsLoss();
        if (affine) {   // away from the initial γ = 1, β = 0
            sd.getArrForVarName("bn.gamma").assign(Nd4j.linspace(DataType.DOUBLE, 0.5, 1.5, c));
            sd.getArrForVarName("bn.beta").assign(Nd4j.linspace(DataType.DOUBLE, -0.3, 0.3, c));
        }
        return sd;
    }

    private static SDVariable writtenOutBatchNorm(GraphBuilder g, SDVariable x, int c, boolean affine) {
        SameDiff sd = g.sd();
        SDVariable mean = sd.mean(x, true, 0, 2, 3);
        SDVariable centred = x.sub(mean);
        SDVariable var = sd.mean(centred.mul(centred), true, 0, 2, 3);
        sd.identity("bn.batch_mean", mean.reshape(c));
        sd.identity("bn.batch_var", var.reshape(c));
        SDVariable y = centred.mul(sd.math().rsqrt(var.add(1e-5)));
        if (!affine) {
            return y;
        }
        return y.mul(g.param("bn.gamma", new long[]{c}, Init.constant(1)).reshape(1, c, 1, 1))
                .add(g.param("bn.beta", new long[]{c}, Init.constant(0)).reshape(1, c, 1, 1));
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(expected.length(), actual.length(), what);
        double scale = Math.max(1e-12, expected.norm2Number().doubleValue());
        double error = expected.reshape(expected.length()).sub(actual.reshape(actual.length())).norm2Number().doubleValue();
        assertTrue(error <= tolerance * scale, what + ": relative L2 error " + error / scale);
    }
}
