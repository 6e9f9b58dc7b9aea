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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph SkeletonMAE's pre-training graph in double precision, on Kinect v1 (20 joints). */
class GinAutoencoderTest {

    private static final DataType D = DataType.DOUBLE;
    private static final JointLayout LAYOUT = JointLayout.KINECT_V1;
    private static final SkeletonGraph GRAPH = new SkeletonGraph(LAYOUT);

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static GinConfig small(GinConfig.Target target, double dropout) {
        return new GinConfig("test", 4, 5, 2, RegionMasking.parse("regions:right_arm,left_leg"), target, 2, dropout, 0.25, 0.1, 1e-5, 4, 0, 2, 0.5, 0.1);
    }

    /** (N=2, 3, T=3, V, M=2) with the second person of sample 0 absent: 3 + 6 = 9 graphs. */
    private static INDArray input(long seed) {
        INDArray x = Nd4j.rand(D, 2, 3, 3, LAYOUT.joints(), 2).subi(0.5).muli(2);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0);
        return x;
    }

    private static GraphBatch batch(GinConfig cfg, long seed) {
        Nd4j.getRandom().setSeed(seed);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[][] masks = {cfg.masking().draw(LAYOUT.regions(), LAYOUT.joints(), rng),
                cfg.masking().draw(LAYOUT.regions(), LAYOUT.joints(), rng)};
        GraphBatch b = new GraphBatch(input(seed), masks, false, D);
        if (cfg.dropout() > 0) {
            b.addDropout(cfg.dropout(), new int[]{cfg.embedding(), cfg.hidden(), cfg.hidden()}, rng, D);
        }
        return b;
    }

    private static boolean check(ModelGraph graph, GraphBatch b, Set<String> skip) {
        List<String> failures = NumericalGradients.check(graph.sameDiff(), GinAutoencoder.LOSS, b.placeholders(), skip, 5, 1e-6, 1e-5, 1e-7);
        failures.forEach(System.out::println);
        return failures.isEmpty();
    }

    @Test
    void gradientsMatchCentralDifferencesForEveryTarget() {
        for (GinConfig.Target target : GinConfig.Target.values()) {
            GinConfig cfg = small(target, 0);
            ParameterStore store = new ParameterStore(11, D);
            ModelGraph graph = GinAutoencoder.build(cfg, store, GRAPH, true);
            Set<String> skip = new HashSet<>();
            if (target == GinConfig.Target.EMBEDDED_DETACHED) {
                // by design the lift gets no gradient through the target, which finite differences do see
                skip.add(GinAutoencoder.LIFT + ".w");
                skip.add(GinAutoencoder.LIFT + ".b");
            }
            assertTrue(check(graph, batch(cfg, 3), skip), target.name());
        }
    }

    @Test
    void gradientsMatchWithDropoutMasks() {
        GinConfig cfg = small(GinConfig.Target.EMBEDDED, 0.3);
        ModelGraph graph = GinAutoencoder.build(cfg, new ParameterStore(12, D), GRAPH, true);
        assertEquals(3, GinAutoencoder.dropoutMasks(cfg));
        assertTrue(check(graph, batch(cfg, 4), Set.of()));
    }

    @Test
    void theDetachedTargetPassesNoGradientToTheLiftThroughTheTarget() {
        GinConfig detached = small(GinConfig.Target.EMBEDDED_DETACHED, 0);
        GinConfig literal = small(GinConfig.Target.EMBEDDED, 0);
        Map<String, INDArray> a = GinAutoencoder.build(detached, new ParameterStore(13, D), GRAPH, true).sameDiff()
                .calculateGradients(batch(detached, 5).placeholders(), GinAutoencoder.LIFT + ".w");
        Map<String, INDArray> b = GinAutoencoder.build(literal, new ParameterStore(13, D), GRAPH, true).sameDiff()
                .calculateGradients(batch(literal, 5).placeholders(), GinAutoencoder.LIFT + ".w");
        double diff = a.get(GinAutoencoder.LIFT + ".w").distance2(b.get(GinAutoencoder.LIFT + ".w"));
        assertTrue(diff > 1e-6, "the literal target adds a gradient path to the lift: " + diff);
    }

    @Test
    void maskTokenRemaskAndLossFollowTheMethod() {
        GinConfig cfg = small(GinConfig.Target.EMBEDDED_DETACHED, 0);
        ParameterStore store = new ParameterStore(14, D);
        ModelGraph graph = GinAutoencoder.build(cfg, store, GRAPH, true);
        store.params().get("gin.mask_token").assign(Nd4j.createFromArray(new double[][]{{1, -2, 3, -4}}));
        GraphBatch b = batch(cfg, 6);
        Map<String, INDArray> out = graph.sameDiff().output(b.placeholders(), GinAutoencoder.LIFTED, GinAutoencoder.INPUT,
                GinAutoencoder.DECODER_INPUT, GinAutoencoder.RECONSTRUCTION, GinAutoencoder.LOSS, GinAutoencoder.MEAN_COSINE);
        INDArray mask = b.placeholders().get(GraphBatch.MASK);
        double loss = 0;
        double cosine = 0;
        int masked = 0;
        for (int r = 0; r < b.rows(); r++) {
            boolean hidden = mask.getDouble(r, 0) == 1;
            INDArray in = out.get(GinAutoencoder.INPUT).getRow(r);
            INDArray expected = hidden ? store.params().get("gin.mask_token").getRow(0) : out.get(GinAutoencoder.LIFTED).getRow(r);
            assertTrue(expected.equalsWithEps(in, 1e-12), "row " + r + (hidden ? " carries the mask token" : " keeps its lift"));
            if (hidden) {
                assertEquals(0, out.get(GinAutoencoder.DECODER_INPUT).getRow(r).norm2Number().doubleValue(), 0, "re-masked row " + r);
                INDArray y = out.get(GinAutoencoder.RECONSTRUCTION).getRow(r);
                INDArray x = out.get(GinAutoencoder.LIFTED).getRow(r);
                double cos = y.mul(x).sumNumber().doubleValue() / (y.norm2Number().doubleValue() * x.norm2Number().doubleValue());
                loss += Math.pow(1 - cos, 2);
                cosine += cos;
                masked++;
            }
        }
        // right arm (3 joints) and left leg (3) hidden in each of the 9 graphs
        assertEquals(6 * 9, masked);
        assertEquals(loss / masked, out.get(GinAutoencoder.LOSS).getDouble(0), 1e-9, "mean of (1 - cos)^2 over masked joints");
        assertEquals(cosine / masked, out.get(GinAutoencoder.MEAN_COSINE).getDouble(0), 1e-9);
    }

    @Test
    void aGinLayerSumsEachJointWithItsNeighbours() {
        SkeletonGraph coco = new SkeletonGraph(JointLayout.COCO_17);
        INDArray a = coco.aggregation(D);
        assertEquals(17 + 2 * 16, a.sumNumber().intValue(), "identity plus 16 undirected bones");
        assertTrue(a.equalsWithEps(a.transpose(), 0), "symmetric");
        assertEquals(4, coco.degree(0), "nose: both eyes and both shoulders");
        assertTrue(coco.connected(15, 13) && coco.connected(13, 15), "left ankle - left knee");
    }

    @Test
    void emptyPersonFramesAreNotGraphsAndRowsAreJointMajor() {
        GinConfig cfg = small(GinConfig.Target.RAW, 0);
        INDArray x = input(7);
        GraphBatch b = new GraphBatch(x, new boolean[][]{cfg.masking().draw(LAYOUT.regions(), 20, new SplittableRandom(1)),
                new boolean[20]}, false, D);
        assertEquals(9, b.graphs());
        assertEquals(180, b.rows());
        INDArray coords = b.placeholders().get(GraphBatch.COORDS);
        // person-major: sample 0 then sample 1 for person 0 (graphs 0-5), then sample 1's person 1 (6-8);
        // graph 4 is sample 1, person 0, frame 1
        assertEquals(1, b.sampleOf(4));
        for (int j = 0; j < 20; j++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(x.getDouble(1, c, 1, j, 0), coords.getDouble(j * 9 + 4, c), 0, "joint " + j + " coordinate " + c);
            }
        }
        INDArray mask = b.placeholders().get(GraphBatch.MASK);
        for (int g = 0; g < 9; g++) {
            assertEquals(g < 3 ? 1 : 0, mask.getDouble(9 * 9 + g, 0), 0, "right wrist (joint 9) of graph " + g);
            assertEquals(g < 3 ? 0 : 1, b.sampleOf(g));
        }
    }
}
