package org.skelmae.gin.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph family through the shared training engine: tiny preset, synthetic data (Kinect v2, two persons). */
class GinRunsTest {

    private static final LoadedDataset DATA = SyntheticMotion.standard().load();

    @TempDir
    Path tmp;

    private static ExperimentConfig config(RunKind kind, Path checkpoint, int epochs) {
        ModelSpec model = ModelSpecs.preset("tiny-gin-mae");
        TrainingConfig training = Families.recipe(model, kind, TrainingConfig.paper().withEpochs(epochs).withBatchSize(16));
        return new ExperimentConfig("test", kind.name().toLowerCase() + "-gin", kind, 3, "synthetic", null, model, training, 1, 0,
                checkpoint == null ? null : checkpoint.toString(), 2);
    }

    @Test
    void pretrainsThenFineTunesFromTheCheckpointWithThePapersOptimisers() throws Exception {
        Path out = tmp.resolve("out");
        List<String> lines = new ArrayList<>();
        ExperimentConfig pre = config(RunKind.PRETRAIN, null, 2);
        assertEquals(null, pre.training().sgd(), "pre-training: Adam");
        assertEquals(GinConfig.PRETRAIN_LEARNING_RATE, pre.baseLearningRate());
        RunResult p = new ExperimentRunner(out, false, lines::add, c -> "test").run(pre, DATA);
        assertEquals(2, p.epochs().size());
        assertTrue(Double.isFinite(p.primary().best()), "validation loss " + p.primary().best());
        assertTrue(p.epochs().get(0).validation().containsKey("loss.cosine"));

        Path checkpoint = RunDirectory.of(out, pre).resolve("checkpoints").resolve("best.npz");
        ExperimentConfig ft = config(RunKind.FINETUNE, checkpoint, 1);
        assertNotNull(ft.training().sgd(), "fine-tuning: SGD");
        assertEquals(GinConfig.FINETUNE_LEARNING_RATE, ft.baseLearningRate());
        RunResult f = new ExperimentRunner(out, false, lines::add, c -> "test").run(ft, DATA);
        assertTrue(f.primary().best() >= 0 && f.primary().best() <= 1);
        assertTrue(lines.stream().anyMatch(l -> l.contains("lift and 2 encoder copies")), String.join("\n", lines));
        assertTrue(Files.isRegularFile(RunDirectory.of(out, ft).resolve("predictions-best.csv")));

        // the run's config.json reads back as the graph family's, with the same hash
        ExperimentConfig back = Json.read(RunDirectory.of(out, ft).resolve("config.json"), ExperimentConfig.class);
        assertInstanceOf(GinConfig.class, back.model());
        assertEquals(ft.sha256(), back.sha256());
    }

    @Test
    void aLinearProbeTrainsOnlyItsHeadOnTheFrozenEncoder() throws Exception {
        Path out = tmp.resolve("out");
        ExperimentConfig pre = config(RunKind.PRETRAIN, null, 1);
        new ExperimentRunner(out, false, l -> { }, c -> "test").run(pre, DATA);
        Path checkpoint = RunDirectory.of(out, pre).resolve("checkpoints").resolve("best.npz");
        ExperimentConfig probe = config(RunKind.LINPROBE, checkpoint, 1);
        org.skelmae.training.ClassifyingPhase phase = Families.classifying(probe, DATA, DATA.split().train(), l -> { });
        try (phase) {
            phase.start(false);
            assertEquals(List.of("head.bn.gamma", "head.bn.beta", "head.fc.w", "head.fc.b").stream().filter(n -> phase.model().store().params().containsKey(n))
                    .sorted().toList(), phase.model().trainable().stream().sorted().toList(), "only the head trains");
            org.nd4j.linalg.api.ndarray.INDArray lift = phase.model().store().params().get("gin.lift.w");
            ParameterStore pre2 = new ParameterStore(0, org.nd4j.linalg.api.buffer.DataType.FLOAT);
            org.skelmae.training.Checkpoint.loadPart(checkpoint, pre2, "gin.lift");
            assertEquals(pre2.params().get("gin.lift.w"), lift, "the lift is the pre-trained one");
        }
        RunResult r = new ExperimentRunner(out, false, l -> { }, c -> "test").run(probe, DATA);
        assertTrue(r.primary().best() >= 0 && r.primary().best() <= 1);
    }
}
