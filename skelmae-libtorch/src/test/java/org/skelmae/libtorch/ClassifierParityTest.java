package org.skelmae.libtorch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.engine.Engine;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.training.Adam;
import org.skelmae.training.TrainingStep;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The libtorch engine's STTFormer classifier against the ND4J engine's, both built through {@link Engine} as a
 * training run builds them: the same parameter store and batch must give the same training loss and logits, the
 * same gradient for every parameter, the same BatchNorm running averages afterwards and the same evaluation-mode
 * logits; and several optimiser steps on each engine from the same seed must end at the same weights. In float64
 * the engines agree to rounding; in float32, the precision runs train in, to float32 noise. A wrong layout, a
 * missing residual or a BatchNorm in the wrong mode moves these by orders of magnitude more.
 */
class ClassifierParityTest {

    private static final int JOINTS = 25;
    private static final int PERSONS = 2;
    private static final int CLASSES = 5;
    private static final int BATCH = 4;
    private static final Engine LIBTORCH = Engine.named("libtorch");

    @BeforeAll
    static void engine() {
        LibTorch.init(2);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * @param probe   linear probe (frozen encoder in evaluation mode, non-affine BatchNorm before the head)
     * @param lossTol relative tolerance of the loss, logits and running averages
     * @param gradTol relative L2 tolerance of a gradient, against the larger of its norm and 1e-3 of the largest
     *                gradient's (the bias of a convolution followed by BatchNorm has a zero gradient in exact
     *                arithmetic, and rounding alone in float32)
     */
    @ParameterizedTest(name = "{0} {1} probe={2}")
    @CsvSource({"tiny-mae, DOUBLE, false, 1e-10, 1e-8", "cpu-mae, DOUBLE, false, 1e-10, 1e-8", "tiny-mae, DOUBLE, true, 1e-10, 1e-8",
            "cpu-mae, FLOAT, false, 1e-5, 2e-2", "tiny-mae, FLOAT, false, 1e-5, 2e-2"})
    void oneStepAndEvaluationMatchTheNd4jEngine(String preset, DataType dtype, boolean probe, double lossTol, double gradTol) {
        Nd4j.setDefaultDataTypes(dtype, dtype);
        ModelConfig cfg = Presets.load(preset);
        ParameterStore nd4jStore = new ParameterStore(11, dtype);
        ParameterStore torchStore = new ParameterStore(11, dtype);
        Map<String, INDArray> inputs = batch(cfg, dtype, 5);

        try (Network nd4j = Engine.ND4J.classifier(cfg, nd4jStore, JOINTS, PERSONS, CLASSES, true, probe);
             Network libtorch = LIBTORCH.classifier(cfg, torchStore, JOINTS, PERSONS, CLASSES, true, probe)) {
            assertEquals(nd4j.parameters(), libtorch.parameters(), "parameters");
            assertClose(nd4jStore.params(), torchStore.params(), 0, "initial parameters");
            List<String> trainable = probe ? nd4j.parameters().stream().filter(p -> p.startsWith(SkeletonClassifier.HEAD)).toList()
                    : nd4j.parameters();
            Network.Step a = nd4j.step(inputs, trainable, (long) BATCH * PERSONS, cfg.bnMomentum());
            Network.Step b = libtorch.step(inputs, trainable, (long) BATCH * PERSONS, cfg.bnMomentum());
            double expected = a.scalars().get(SkeletonClassifier.LOSS);
            assertEquals(expected, b.scalars().get(SkeletonClassifier.LOSS), lossTol * Math.abs(expected), "training loss");
            assertClose(a.arrays(), b.arrays(), lossTol * 10, "training logits");
            assertEquals(a.gradients().keySet(), b.gradients().keySet(), "parameters with a gradient");
            double largest = a.gradients().values().stream().mapToDouble(g -> g.norm2Number().doubleValue()).max().orElseThrow();
            for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
                INDArray g = b.gradients().get(e.getKey());
                assertEquals(Arrays.toString(e.getValue().shape()), Arrays.toString(g.shape()), e.getKey() + " shape");
                double diff = e.getValue().sub(g).norm2Number().doubleValue() / Math.max(e.getValue().norm2Number().doubleValue(), 1e-3 * largest);
                assertTrue(diff < gradTol, e.getKey() + ": gradients differ by " + diff + " (relative L2)");
            }
            assertClose(nd4jStore.state(), torchStore.state(), lossTol * 10, "BatchNorm running averages after the step");
            a.close();
        }

        try (Network nd4j = Engine.ND4J.classifier(cfg, nd4jStore, JOINTS, PERSONS, CLASSES, false, probe);
             Network libtorch = LIBTORCH.classifier(cfg, torchStore, JOINTS, PERSONS, CLASSES, false, probe)) {
            nd4j.syncFromStore();
            libtorch.syncFromStore();
            Network.Step a = nd4j.forward(inputs, List.of(SkeletonClassifier.LOGITS));
            Network.Step b = libtorch.forward(inputs, List.of(SkeletonClassifier.LOGITS));
            assertClose(a.arrays(), b.arrays(), lossTol * 10, "evaluation logits");
            assertEquals(a.scalars().get(SkeletonClassifier.LOSS), b.scalars().get(SkeletonClassifier.LOSS),
                    lossTol * 10 * a.scalars().get(SkeletonClassifier.LOSS), "evaluation loss");
            a.close();
        }
    }

    /** Five Adam steps on fresh batches, each engine on its own store from the same seed: same weights at the end. */
    @Test
    void adamStepsEndAtTheSameWeights() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ModelConfig cfg = Presets.load("tiny-mae");
        ParameterStore nd4jStore = new ParameterStore(3, DataType.DOUBLE);
        ParameterStore torchStore = new ParameterStore(3, DataType.DOUBLE);
        try (Network nd4j = Engine.ND4J.classifier(cfg, nd4jStore, JOINTS, PERSONS, CLASSES, true, false);
             Network libtorch = LIBTORCH.classifier(cfg, torchStore, JOINTS, PERSONS, CLASSES, true, false)) {
            TrainingStep onNd4j = new TrainingStep(nd4j, nd4jStore, nd4j.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4), cfg.bnMomentum());
            TrainingStep onTorch = new TrainingStep(libtorch, torchStore, libtorch.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4), cfg.bnMomentum());
            for (int i = 0; i < 5; i++) {
                Map<String, INDArray> inputs = batch(cfg, DataType.DOUBLE, 100 + i);
                double a = onNd4j.run(inputs, (long) BATCH * PERSONS, 1e-3).scalars().get(SkeletonClassifier.LOSS);
                double b = onTorch.run(inputs, (long) BATCH * PERSONS, 1e-3).scalars().get(SkeletonClassifier.LOSS);
                assertEquals(a, b, 1e-9 * a, "loss of step " + i);
            }
        }
        assertClose(nd4jStore.params(), torchStore.params(), 1e-7, "weights after five steps");
        assertClose(nd4jStore.state(), torchStore.state(), 1e-9, "running averages after five steps");
    }

    private static Map<String, INDArray> batch(ModelConfig cfg, DataType dtype, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(dtype, BATCH, 3, cfg.frames(), JOINTS, PERSONS).subi(0.5);
        INDArray labels = Nd4j.zeros(dtype, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, (i * 3 + seed) % CLASSES, 1.0);
        }
        Map<String, INDArray> inputs = new HashMap<>();
        inputs.put(SkeletonClassifier.X, x);
        inputs.put(SkeletonClassifier.LABELS, labels);
        return inputs;
    }

    /** Every array of {@code expected} has its counterpart in {@code actual} within {@code tol} relative L2. */
    private static void assertClose(Map<String, INDArray> expected, Map<String, INDArray> actual, double tol, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": names");
        expected.forEach((name, e) -> {
            INDArray a = actual.get(name).castTo(e.dataType());
            double diff = e.sub(a).norm2Number().doubleValue() / Math.max(e.norm2Number().doubleValue(), 1e-12);
            assertTrue(diff <= tol, what + ", " + name + ": differ by " + diff + " (relative L2)");
        });
    }
}
