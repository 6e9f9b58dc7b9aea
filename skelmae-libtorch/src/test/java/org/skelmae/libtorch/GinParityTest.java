package org.skelmae.libtorch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.skelmae.data.JointLayout;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GinProbe;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.training.ClassifierPhase;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph family on libtorch against the ND4J engine, in float64: from stores of the same seed and the same batch,
 * one training step gives the same loss parts, the same gradient for every parameter and the same BatchNorm running
 * averages, and then the evaluation networks give the same loss parts and outputs. Pre-training with each target
 * (dropout on one of them), the STRL classifier with one and two persons, the linear probe.
 */
class GinParityTest {

    private static final DataType D = DataType.DOUBLE;
    private static final JointLayout LAYOUT = JointLayout.KINECT_V1;
    private static final SkeletonGraph GRAPH = new SkeletonGraph(LAYOUT);
    private static final int BATCH = 3;
    private static final int CLASSES = 4;
    private static final Engine LIBTORCH = Engine.named("libtorch");

    @BeforeAll
    static void engine() {
        LibTorch.init(2);
        Nd4j.setDefaultDataTypes(D, D);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Embedding 8 (the temporal block's four branches), 6 frames (even, for the dilated branch), two of everything. */
    private static GinConfig config(GinConfig.Target target, double dropout) {
        return new GinConfig("parity", 8, 6, 2, RegionMasking.parse("regions:right_arm,left_leg"), target, 2, dropout, 0.25, 0.1,
                1e-5, 6, 0, 2, 0.5, 0.1);
    }

    @ParameterizedTest(name = "{0}, dropout {1}")
    @CsvSource({"EMBEDDED_DETACHED, 0.3", "EMBEDDED, 0", "RAW, 0"})
    void pretrainingMatchesTheNd4jEngine(GinConfig.Target target, double dropout) {
        GinConfig cfg = config(target, dropout);
        ParameterStore nd4jStore = new ParameterStore(7, D);
        ParameterStore torchStore = new ParameterStore(7, D);
        try (Network nd4j = Engine.ND4J.ginAutoencoder(cfg, nd4jStore, GRAPH, true);
             Network libtorch = LIBTORCH.ginAutoencoder(cfg, torchStore, GRAPH, true);
             GraphBatch b = pretrainBatch(cfg, 41, true)) {
            assertStep(nd4j, libtorch, b.placeholders(), nd4j.parameters(), b.rows(), cfg.bnMomentum(), nd4jStore, torchStore);
        }
        try (Network nd4j = Engine.ND4J.ginAutoencoder(cfg, nd4jStore, GRAPH, false);
             Network libtorch = LIBTORCH.ginAutoencoder(cfg, torchStore, GRAPH, false);
             GraphBatch b = pretrainBatch(cfg, 43, false)) {
            assertForward(nd4j, libtorch, b.placeholders(), GinAutoencoder.RECONSTRUCTION);
        }
    }

    @ParameterizedTest(name = "{0} person(s), probe {1}")
    @CsvSource({"1, false", "2, false", "2, true"})
    void classificationMatchesTheNd4jEngine(int persons, boolean probe) {
        GinConfig cfg = config(GinConfig.Target.EMBEDDED_DETACHED, 0);
        ParameterStore nd4jStore = new ParameterStore(9, D);
        ParameterStore torchStore = new ParameterStore(9, D);
        Map<String, INDArray> inputs = classifierInputs(cfg, persons, probe, 45);
        try (Network nd4j = Engine.ND4J.ginClassifier(cfg, nd4jStore, GRAPH, persons, CLASSES, true, probe);
             Network libtorch = LIBTORCH.ginClassifier(cfg, torchStore, GRAPH, persons, CLASSES, true, probe)) {
            // a probe trains its head only, as the phase asks
            List<String> trainable = nd4j.parameters().stream().filter(p -> !probe || p.startsWith(GinProbe.HEAD)).toList();
            assertStep(nd4j, libtorch, inputs, trainable, (long) BATCH * persons, cfg.bnMomentum(), nd4jStore, torchStore);
        }
        inputs.remove(GinClassifier.DROPOUT_MASK);
        try (Network nd4j = Engine.ND4J.ginClassifier(cfg, nd4jStore, GRAPH, persons, CLASSES, false, probe);
             Network libtorch = LIBTORCH.ginClassifier(cfg, torchStore, GRAPH, persons, CLASSES, false, probe)) {
            assertForward(nd4j, libtorch, inputs, GinClassifier.LOGITS);
        }
    }

    /** One training step on each engine: loss parts, the gradient of every trainable parameter, running averages. */
    private static void assertStep(Network nd4j, Network libtorch, Map<String, INDArray> inputs, List<String> trainable, long rows,
                                   double momentum, ParameterStore nd4jStore, ParameterStore torchStore) {
        assertEquals(nd4j.lossNames(), libtorch.lossNames(), "loss parts");
        assertEquals(nd4jStore.params().keySet(), torchStore.params().keySet(), "parameters");
        Network.Step a = nd4j.step(inputs, trainable, rows, momentum);
        Network.Step b = libtorch.step(inputs, trainable, rows, momentum);
        assertScalars(a.scalars(), b.scalars(), "training step");
        assertEquals(a.gradients().keySet(), b.gradients().keySet(), "parameters with a gradient");
        double largest = a.gradients().values().stream().mapToDouble(g -> g.norm2Number().doubleValue()).max().orElseThrow();
        for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
            INDArray g = b.gradients().get(e.getKey());
            assertEquals(Arrays.toString(e.getValue().shape()), Arrays.toString(g.shape()), e.getKey() + " shape");
            double diff = e.getValue().sub(g).norm2Number().doubleValue() / Math.max(e.getValue().norm2Number().doubleValue(), 1e-6 * largest);
            assertTrue(diff < 1e-7, e.getKey() + ": gradients differ by " + diff + " (relative L2)");
        }
        nd4jStore.state().forEach((name, s) -> {
            double diff = s.sub(torchStore.state().get(name)).norm2Number().doubleValue() / Math.max(s.norm2Number().doubleValue(), 1e-12);
            assertTrue(diff < 1e-9, name + " after the step: differs by " + diff);
        });
        a.close();
    }

    /** Evaluation networks synced from the stores the step updated: loss parts and one output. */
    private static void assertForward(Network nd4j, Network libtorch, Map<String, INDArray> inputs, String output) {
        nd4j.syncFromStore();
        libtorch.syncFromStore();
        Network.Step a = nd4j.forward(inputs, List.of(output));
        Network.Step b = libtorch.forward(inputs, List.of(output));
        assertScalars(a.scalars(), b.scalars(), "evaluation");
        INDArray expected = a.arrays().get(output);
        double diff = expected.sub(b.arrays().get(output)).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
        assertTrue(diff < 1e-9, output + " differs by " + diff);
        a.close();
        b.close();
    }

    /** (N, 3, T, V, M) random sequences, the second person of sample 0 absent when there are two. */
    private static INDArray sequences(GinConfig cfg, int persons, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(D, BATCH, 3, cfg.frames(), LAYOUT.joints(), persons).subi(0.5).muli(2);
        if (persons == 2) {
            x.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1)).assign(0);
        }
        return x;
    }

    private static GraphBatch pretrainBatch(GinConfig cfg, long seed, boolean training) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray x = sequences(cfg, 2, seed);
        boolean[][] masks = new boolean[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            masks[i] = cfg.masking().draw(LAYOUT.regions(), LAYOUT.joints(), rng);
        }
        GraphBatch b = new GraphBatch(x, masks, false, D);
        if (training && cfg.dropout() > 0) {
            b.addDropout(cfg.dropout(), new int[]{cfg.embedding(), cfg.hidden(), cfg.hidden()}, rng, D);
        }
        return b;
    }

    private static Map<String, INDArray> classifierInputs(GinConfig cfg, int persons, boolean probe, long seed) {
        Map<String, INDArray> inputs = new HashMap<>(new GraphBatch(sequences(cfg, persons, seed), null, true, D).placeholders());
        inputs.put(GinClassifier.LABELS, Evaluator.oneHot(new int[]{0, 3, 1}, CLASSES, D));
        if (!probe) {
            inputs.put(GinClassifier.DROPOUT_MASK, ClassifierPhase.dropoutMask(BATCH, cfg.embedding(), cfg.headDropout(), seed).castTo(D));
        }
        return inputs;
    }

    private static void assertScalars(Map<String, Double> expected, Map<String, Double> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": scalars");
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), 1e-10 * Math.max(Math.abs(v), 1e-6), what + ": " + k));
    }
}
