package org.skelmae.gin.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.JointLayout;
import org.skelmae.data.npz.NpzArrays;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph family's SameDiff graphs against an independent PyTorch implementation
 * (src/test/resources/reference/gin_reference.py, run once with Debian's python3-torch; its output
 * gin_reference.npz is committed): same weights, batch and masks, so losses, logits and every
 * parameter's gradient must agree to double-precision noise.
 */
class GinReferenceParityTest {

    private static final double TOL = 1e-9;
    private static final JointLayout LAYOUT = new JointLayout("parity", List.of("a", "b", "c", "d", "e", "f"),
            List.of(new int[]{1, 0}, new int[]{2, 1}, new int[]{3, 2}, new int[]{4, 1}, new int[]{5, 4}), 0);
    private static Map<String, INDArray> ref;

    @BeforeAll
    static void load() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Path tmp = Files.createTempFile("gin-reference", ".npz");
        try (InputStream in = GinReferenceParityTest.class.getResourceAsStream("/reference/gin_reference.npz")) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        ref = NpzArrays.read(tmp, DataType.DOUBLE);
        Files.delete(tmp);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static GinConfig config(GinConfig.Target target) {
        return new GinConfig("parity", 4, 5, 2, RegionMasking.PAPER, target, 2, 0, 0.25, 0.1, 1e-5, 4, 0, 2, 0.5, 0.1);
    }

    /** Loads the reference weights, turning PyTorch conv weights (O, I, kh, kw) into (kh, kw, I, O). */
    private static void loadWeights(ParameterStore store) {
        for (Map.Entry<String, INDArray> e : store.params().entrySet()) {
            INDArray w = ref.get("weight." + e.getKey());
            assertTrue(w != null, "reference has weight " + e.getKey());
            e.getValue().assign(e.getValue().rank() == 4 ? w.permute(2, 3, 1, 0) : w);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        INDArray e = expected.rank() == 4 ? expected.permute(2, 3, 1, 0) : expected;
        assertArrayEquals(e.shape(), actual.shape(), what + " shape");
        double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
        double maxDiff = e.sub(actual).amaxNumber().doubleValue();
        assertTrue(maxDiff <= TOL * scale, what + ": max |diff| " + maxDiff + " (scale " + scale + ")");
    }

    private static void compareGradients(ModelGraph graph, Map<String, INDArray> ph, String prefix) {
        Map<String, INDArray> grads = graph.sameDiff().calculateGradients(ph, graph.parameters());
        for (String p : graph.parameters()) {
            INDArray expected = ref.get(prefix + ".grad." + p);
            assertTrue(expected != null, prefix + ": the reference has a gradient for " + p);
            assertClose(expected, grads.get(p), prefix + " grad " + p);
        }
    }

    @Test
    void pretrainingLossesAndGradientsMatchForBothEmbeddedTargets() {
        double[][] m = ref.get("input.mask").toDoubleMatrix();
        boolean[][] masks = new boolean[m.length][m[0].length];
        for (int n = 0; n < m.length; n++) {
            for (int v = 0; v < m[n].length; v++) {
                masks[n][v] = m[n][v] == 1;
            }
        }
        for (GinConfig.Target target : List.of(GinConfig.Target.EMBEDDED_DETACHED, GinConfig.Target.EMBEDDED)) {
            String prefix = target.name().toLowerCase(java.util.Locale.ROOT);
            ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
            ModelGraph graph = GinAutoencoder.build(config(target), store, new SkeletonGraph(LAYOUT), true);
            loadWeights(store);
            GraphBatch b = new GraphBatch(ref.get("input.x"), masks, false, DataType.DOUBLE);
            assertEquals(2 * 4 + 4, b.graphs(), "the absent second person of sample 0 is no graph");
            Network.Step out = graph.forward(b.placeholders(), List.of());
            assertEquals(ref.get(prefix + ".loss").getDouble(0), out.scalars().get(GinAutoencoder.LOSS), TOL, prefix + " loss");
            assertEquals(ref.get(prefix + ".cosine").getDouble(0), out.scalars().get(GinAutoencoder.MEAN_COSINE), TOL, prefix + " cosine");
            compareGradients(graph, b.placeholders(), prefix);
        }
    }

    @Test
    void classifierLogitsLossAndGradientsMatch() {
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        ModelGraph graph = GinClassifier.build(config(GinConfig.Target.EMBEDDED_DETACHED), store, new SkeletonGraph(LAYOUT), 2, 3, true);
        loadWeights(store);
        Map<String, INDArray> ph = new HashMap<>(new GraphBatch(ref.get("input.x"), null, true, DataType.DOUBLE).placeholders());
        long[] labels = ref.get("input.labels").toLongVector();
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, labels.length, 3);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1);
        }
        ph.put(GinClassifier.LABELS, oneHot);
        ph.put(GinClassifier.DROPOUT_MASK, ref.get("input.head_dropout"));
        Network.Step out = graph.forward(ph, List.of(GinClassifier.LOGITS));
        assertClose(ref.get("classifier.logits"), out.arrays().get(GinClassifier.LOGITS), "logits");
        assertEquals(ref.get("classifier.loss").getDouble(0), out.scalars().get(GinClassifier.LOSS), TOL, "label-smoothed cross-entropy");
        compareGradients(graph, ph, "classifier");
    }
}
