package org.skelmae.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.engine.Engine;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.gin.training.GinInputs;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SttEncoder;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.run.Seeds;
import org.skelmae.training.Checkpoint;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * embeddings.json of tiny pre-training runs of both families on the synthetic data: the features are those of a
 * probe graph on the run's last checkpoint and on the seed's random initialisation, recomputed here independently.
 */
class EmbeddingsTest {

    private static final LoadedDataset DATA = SyntheticMotion.standard().load();

    @TempDir
    Path tmp;

    private Embeddings pretrain(String preset, long seed, ExperimentConfig[] used) throws Exception {
        ModelSpec model = ModelSpecs.preset(preset);
        TrainingConfig training = Families.recipe(model, RunKind.PRETRAIN, TrainingConfig.paper().withEpochs(1).withBatchSize(16));
        ExperimentConfig c = new ExperimentConfig("test", "pre-" + preset, RunKind.PRETRAIN, seed, "synthetic", null, model,
                training, 1, 0, null, 2);
        used[0] = c;
        new ExperimentRunner(tmp, false, Progress.NONE, x -> "test").run(c, DATA);
        return Embeddings.read(RunDirectory.of(tmp, c).resolve(Embeddings.FILE));
    }

    private static Path last(ExperimentConfig c, Path out) {
        return RunDirectory.of(out, c).resolve("checkpoints").resolve("last.npz");
    }

    private static void assertSameFeatures(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-5f, what + ", sample " + i);
        }
    }

    private static void assertDescribesTheTestSplit(Embeddings e, int width) {
        int[] test = DATA.split().test();
        assertArrayEquals(test, e.indices(), "a small test split is embedded whole, in order");
        for (int i = 0; i < test.length; i++) {
            assertEquals(DATA.dataset().get(test[i]).label(), e.labels()[i], "label of sample " + i);
            assertEquals(width, e.pretrained()[i].length);
            assertEquals(width, e.randomInit()[i].length);
        }
        assertEquals(DATA.dataset().classNames(), e.classNames());
        assertFalse(java.util.Arrays.deepEquals(e.pretrained(), e.randomInit()), "pre-training changed the features");
    }

    @Test
    void sttformerFeaturesAreTheProbesOnTheLastCheckpointAndOnTheSeedsInitialisation() throws Exception {
        ExperimentConfig[] c = new ExperimentConfig[1];
        Embeddings e = pretrain("tiny-mae", 5, c);
        ModelConfig mc = c[0].sttformer();
        assertEquals("sttformer", e.family());
        assertEquals(Seeds.of(5, "init"), e.initSeed());
        assertDescribesTheTestSplit(e, mc.encoderWidth());
        int v = DATA.dataset().layout().joints();
        Function<ParameterStore, Network> probe = s -> Engine.ND4J.classifier(mc, s, v, DATA.dataset().persons(),
                DATA.dataset().numClasses(), false, true);
        SamplePipeline pipeline = new SamplePipeline(mc.sampling());
        ParameterStore init = new ParameterStore(Seeds.of(5, "init"), DataType.FLOAT);
        try (Network net = probe.apply(init)) {
            assertSameFeatures(Evaluator.features(net, DATA.dataset(), e.indices(), pipeline, 7, DataType.FLOAT,
                    ClassifierInputs.STTFORMER).features(), e.randomInit(), "random-init features");
        }
        ParameterStore trained = new ParameterStore(99, DataType.FLOAT);
        try (Network net = probe.apply(trained)) {
            assertTrue(Checkpoint.loadPart(last(c[0], tmp), trained, SttEncoder.PREFIX) > 0);
            net.syncFromStore();
            assertSameFeatures(Evaluator.features(net, DATA.dataset(), e.indices(), pipeline, 7, DataType.FLOAT,
                    ClassifierInputs.STTFORMER).features(), e.pretrained(), "pre-trained features");
        }
    }

    @Test
    void graphFeaturesAreTheProbesOnTheLastCheckpoint() throws Exception {
        ExperimentConfig[] c = new ExperimentConfig[1];
        Embeddings e = pretrain("tiny-gin-mae", 2, c);
        GinConfig gc = (GinConfig) c[0].model();
        assertEquals("graph", e.family());
        assertDescribesTheTestSplit(e, gc.hidden());
        SkeletonGraph graph = new SkeletonGraph(DATA.dataset().layout());
        ParameterStore trained = new ParameterStore(99, DataType.FLOAT);
        try (Network net = Engine.ND4J.ginClassifier(gc, trained, graph, DATA.dataset().persons(), DATA.dataset().numClasses(),
                false, true)) {
            assertTrue(Checkpoint.loadPart(last(c[0], tmp), trained, GinAutoencoder.LIFT)
                    + Checkpoint.loadPart(last(c[0], tmp), trained, GinAutoencoder.ENCODER) > 0);
            net.syncFromStore();
            assertSameFeatures(Evaluator.features(net, DATA.dataset(), e.indices(), GinInputs.sampling(gc), 5, DataType.FLOAT,
                    GinInputs.CLASSIFIER).features(), e.pretrained(), "pre-trained features");
        }
    }

    @Test
    void largeTestSplitsAreThinnedEvenly() {
        int[] test = java.util.stream.IntStream.range(0, 2500).map(i -> 3 * i + 1).toArray();
        int[] s = Embeddings.samples(test);
        assertEquals(Embeddings.MAX_SAMPLES, s.length);
        assertEquals(test[0], s[0]);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] > s[i - 1], "ascending and distinct");
        }
        assertTrue(s[s.length - 1] >= test[test.length - 3], "reaches the end of the split");
        assertArrayEquals(new int[]{4, 9}, Embeddings.samples(new int[]{4, 9}));
    }
}
