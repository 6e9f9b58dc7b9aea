package org.skelmae.gin.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.JointLayout;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.NumericalGradients;
import org.skelmae.model.ParameterStore;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph family's fine-tuning model in double precision on a five-joint chain. */
class GinClassifierTest {

    private static final DataType D = DataType.DOUBLE;
    private static final JointLayout CHAIN = new JointLayout("chain", List.of("a", "b", "c", "d", "e"),
            List.of(new int[]{1, 0}, new int[]{2, 1}, new int[]{3, 2}, new int[]{4, 3}), 0);

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static GinConfig config() {
        return new GinConfig("test", 4, 5, 1, RegionMasking.PAPER, GinConfig.Target.EMBEDDED_DETACHED, 2, 0, 0.25, 0.1, 1e-5,
                4, 0, 2, 0.5, 0.1);
    }

    private static Map<String, INDArray> inputs(GinConfig cfg, int persons, long seed) {
        Nd4j.getRandom().setSeed(seed);
        GraphBatch b = new GraphBatch(Nd4j.randn(D, 2, 3, cfg.frames(), 5, persons), null, true, D);
        Map<String, INDArray> ph = new java.util.HashMap<>(b.placeholders());
        ph.put(GinClassifier.LABELS, Nd4j.createFromArray(new double[][]{{0, 1, 0}, {0, 0, 1}}));
        ph.put(GinClassifier.DROPOUT_MASK, Nd4j.createFromArray(new double[][]{{2, 0, 2, 2}, {0, 2, 2, 0}}));
        return ph;
    }

    @Test
    void gradientsMatchCentralDifferencesWithOneAndTwoPersons() {
        // one entry per parameter with one person, two with two: every parameter of both wirings is checked
        for (int persons = 1; persons <= 2; persons++) {
            GinConfig cfg = config();
            ModelGraph graph = GinClassifier.build(cfg, new ParameterStore(21, D), new SkeletonGraph(CHAIN), persons, 3, true);
            List<String> failures = NumericalGradients.check(graph.sameDiff(), GinClassifier.LOSS, inputs(cfg, persons, 9),
                    Set.of(), persons, 1e-6, 1e-5, 1e-7);
            failures.forEach(System.out::println);
            assertTrue(failures.isEmpty(), persons + " persons");
        }
    }

    @Test
    void everyLayerAndPersonHasItsOwnEncoderCopyLoadedFromThePretrainedOne() {
        GinConfig cfg = config();
        ParameterStore store = new ParameterStore(22, D);
        GinClassifier.build(cfg, store, new SkeletonGraph(CHAIN), 2, 3, true);
        int copies = 0;
        for (String p : store.params().keySet()) {
            if (p.endsWith(".enc.0.mlp.0.w")) {
                copies++;
                assertEquals(GinAutoencoder.ENCODER + "0.mlp.0.w", GinClassifier.pretrainedName(p));
            }
        }
        assertEquals(2 * 2, copies, "strlLayers x persons");
        assertEquals(GinAutoencoder.LIFT + ".w", GinClassifier.pretrainedName(GinAutoencoder.LIFT + ".w"));
        assertNull(GinClassifier.pretrainedName("strl.0.res.w"));
        assertNull(GinClassifier.pretrainedName("head.fc2.w"));
        ParameterStore pre = new ParameterStore(23, D);
        GinAutoencoder.build(cfg, pre, new SkeletonGraph(CHAIN), true);
        for (String p : store.params().keySet()) {
            String source = GinClassifier.pretrainedName(p);
            if (source != null) {
                assertTrue(pre.params().containsKey(source), p + " <- " + source + " exists in the pre-training graph");
                assertEquals(java.util.Arrays.toString(pre.params().get(source).shape()), java.util.Arrays.toString(store.params().get(p).shape()));
            }
        }
    }

    @Test
    void predictionsDoNotDependOnBatchCompanionsInEvaluation() {
        GinConfig cfg = config();
        ParameterStore store = new ParameterStore(24, D);
        ModelGraph eval = GinClassifier.build(cfg, store, new SkeletonGraph(CHAIN), 2, 3, false);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(D, 2, 3, cfg.frames(), 5, 2);
        Map<String, INDArray> both = new java.util.HashMap<>(new GraphBatch(x, null, true, D).placeholders());
        both.put(GinClassifier.LABELS, Nd4j.zeros(D, 2, 3));
        Map<String, INDArray> first = new java.util.HashMap<>(new GraphBatch(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)),
                null, true, D).placeholders());
        first.put(GinClassifier.LABELS, Nd4j.zeros(D, 1, 3));
        INDArray a = eval.sameDiff().output(both, GinClassifier.LOGITS).get(GinClassifier.LOGITS);
        INDArray b = eval.sameDiff().output(first, GinClassifier.LOGITS).get(GinClassifier.LOGITS);
        assertTrue(a.getRow(0).equalsWithEps(b.getRow(0), 1e-10), "sample 0's logits alone and in a batch: " + a + " vs " + b);
    }
}
