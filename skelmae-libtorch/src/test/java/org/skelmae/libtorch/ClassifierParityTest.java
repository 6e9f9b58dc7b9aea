package org.skelmae.libtorch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.model.SkeletonClassifier;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The libtorch engine's STTFormer classifier against the ND4J engine's, in one JVM: the same parameter store and
 * batch must give the same training loss, the same gradient for every parameter, and (after the ND4J step has
 * updated the BatchNorm running averages) the same evaluation-mode logits. In float64 the two agree to rounding
 * (1e-9); in float32, the precision training runs in, to float32 noise. A wrong layout, a missing residual or a
 * BatchNorm in the wrong mode moves these by orders of magnitude more.
 */
class ClassifierParityTest {

    private static final int JOINTS = 25;
    private static final int PERSONS = 2;
    private static final int CLASSES = 5;
    private static final int BATCH = 4;

    @BeforeAll
    static void engine() {
        LibTorch.init(2);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * @param lossTol relative tolerance of the loss and the logits
     * @param gradTol relative L2 tolerance of a gradient, against the larger of its norm and 1e-3 of the largest
     *                gradient's (the bias of a convolution followed by BatchNorm has a zero gradient in exact
     *                arithmetic, and rounding alone in float32)
     */
    @ParameterizedTest
    @CsvSource({"tiny-mae, DOUBLE, 1e-10, 1e-8", "cpu-mae, DOUBLE, 1e-10, 1e-8", "cpu-mae, FLOAT, 1e-5, 2e-2", "tiny-mae, FLOAT, 1e-5, 2e-2"})
    void trainingStepAndEvaluationMatchTheNd4jEngine(String preset, DataType dtype, double lossTol, double gradTol) {
        Nd4j.setDefaultDataTypes(dtype, dtype);
        ModelConfig cfg = Presets.load(preset);
        ParameterStore store = new ParameterStore(11, dtype);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(dtype, BATCH, 3, cfg.frames(), JOINTS, PERSONS).subi(0.5);
        INDArray labels = Nd4j.zeros(dtype, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, (i * 3) % CLASSES, 1.0);
        }
        Map<String, INDArray> inputs = Map.of(SkeletonClassifier.X, x, SkeletonClassifier.LABELS, labels);

        try (ModelGraph train = SkeletonClassifier.build(cfg, store, JOINTS, PERSONS, CLASSES, true, false);
             TorchSttFormer model = new TorchSttFormer(cfg, store, JOINTS, PERSONS)) {
            TorchSttFormer.Step libtorch = model.classifierStep(x, labels);
            ModelGraph.Step nd4j = train.step(inputs, train.parameters(), (long) BATCH * PERSONS, cfg.bnMomentum());
            double expected = nd4j.scalars().get(SkeletonClassifier.LOSS);
            assertEquals(expected, libtorch.loss(), lossTol * Math.abs(expected), "training loss");
            assertEquals(nd4j.gradients().keySet(), libtorch.gradients().keySet(), "parameters with a gradient");
            double largest = nd4j.gradients().values().stream().mapToDouble(g -> g.norm2Number().doubleValue()).max().orElseThrow();
            for (Map.Entry<String, INDArray> e : nd4j.gradients().entrySet()) {
                INDArray a = e.getValue();
                INDArray b = libtorch.gradients().get(e.getKey()).castTo(dtype);
                assertEquals(Arrays.toString(a.shape()), Arrays.toString(b.shape()), e.getKey() + " shape");
                double scale = Math.max(a.norm2Number().doubleValue(), 1e-3 * largest);
                double diff = a.sub(b).norm2Number().doubleValue() / scale;
                assertTrue(diff < gradTol, e.getKey() + ": gradients differ by " + diff + " (relative L2)");
            }
            nd4j.close();
        }

        try (ModelGraph eval = SkeletonClassifier.build(cfg, store, JOINTS, PERSONS, CLASSES, false, false);
             TorchSttFormer model = new TorchSttFormer(cfg, store, JOINTS, PERSONS)) {
            eval.syncFromStore();
            ModelGraph.Step out = eval.forward(inputs, List.of(SkeletonClassifier.LOGITS));
            INDArray expected = out.arrays().get(SkeletonClassifier.LOGITS);
            INDArray actual = TorchArrays.array(model.logits(TorchArrays.tensor(x), false)).castTo(dtype);
            double diff = expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
            assertTrue(diff < lossTol * 10, "evaluation logits differ by " + diff + " (relative L2)");
            out.close();
        }
    }
}
