package org.skelmae.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.DataFingerprint;
import org.skelmae.data.InMemoryDataset;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SampleInfo;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SkippedFile;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.JointLayout;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Presets;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.problem.SkelmaeException;
import org.skelmae.training.Checkpoint;
import org.skelmae.training.DivergenceException;
import org.skelmae.training.EpochMetrics;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training engine on the synthetic dataset with the tiny presets. */
class ExperimentRunnerTest {

    static final LoadedDataset DATA = SyntheticMotion.standard().load();

    @TempDir
    Path tmp;

    static TrainingConfig training(int epochs) {
        return TrainingConfig.paper().withEpochs(epochs).withBatchSize(32);
    }

    static ExperimentConfig pretrain(String preset, int epochs) {
        return new ExperimentConfig("test", "pre-" + preset, RunKind.PRETRAIN, 3, "synthetic", null, Presets.load(preset),
                training(epochs), 1, 0, null, 2);
    }

    static ExperimentConfig finetune(String preset, RunKind kind, Path checkpoint, double fraction, int epochs) {
        return new ExperimentConfig("test", kind.name().toLowerCase() + "-" + preset + "-" + fraction, kind, 3, "synthetic", null,
                Presets.load(preset), training(epochs), fraction, 11, checkpoint == null ? null : checkpoint.toString(), 2);
    }

    RunResult run(Path out, ExperimentConfig c, LoadedDataset d) throws Exception {
        return new ExperimentRunner(out, false, Progress.NONE, x -> "test").run(c, d);
    }

    static List<String> comparable(List<EpochMetrics> h) {
        List<String> out = new ArrayList<>();
        for (EpochMetrics m : h) {
            out.add(m.epoch() + " " + m.learningRate() + " " + new java.util.TreeMap<>(m.train()) + " " + new java.util.TreeMap<>(m.validation()));
        }
        return out;
    }

    @Test
    void pretrainThenFinetuneWritesEveryRecordAndSkipsFinishedRuns() throws Exception {
        Path out = tmp.resolve("out");
        ExperimentConfig pre = pretrain("tiny-mvqvae", 2);
        RunResult r = run(out, pre, DATA);
        Path dir = RunDirectory.of(out, pre);
        for (String f : List.of("config.json", "provenance.json", "metrics.jsonl", "result.json", "split.json",
                "checkpoints/best.npz", "checkpoints/last.npz")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
        assertEquals("validation.loss", r.primary().name());
        assertTrue(r.secondary().containsKey("vq.perplexity") && r.secondary().containsKey("vq.deadCodes"));
        assertTrue(r.synthetic());
        Provenance p = Json.read(dir.resolve("provenance.json"), Provenance.class);
        assertNotNull(p.finished());
        assertEquals(3L, p.seeds().get("root"));
        assertTrue(p.nativeVariant().contains("linux"), p.nativeVariant());

        RunResult again = run(out, pre, DATA);
        assertEquals(comparable(r.epochs()), comparable(again.epochs()), "a finished run is skipped and its result returned");

        ExperimentConfig ft = finetune("tiny-mvqvae", RunKind.FINETUNE, dir.resolve("checkpoints/best.npz"), 0.25, 2);
        RunResult f = run(out, ft, DATA);
        assertEquals("test.top1", f.primary().name());
        assertNotNull(f.best());
        assertEquals(8, f.best().confusion().length);
        Path ftDir = RunDirectory.of(out, ft);
        assertTrue(Files.readString(ftDir.resolve("labelled-subset.json")).contains("\"fraction\" : 0.25"));
        assertTrue(Json.read(ftDir.resolve("provenance.json"), Provenance.class).hashes().containsKey("pretrained"));

        ExperimentConfig changed = new ExperimentConfig("test", pre.experiment(), RunKind.PRETRAIN, 3, "synthetic", null,
                pre.model(), training(3), 1, 0, null, 2);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> run(out, changed, DATA));
        assertTrue(e.getMessage().contains("another configuration") && e.getMessage().contains("skelmae.overwrite"), e.getMessage());
        RunResult redone = new ExperimentRunner(out, true, Progress.NONE, x -> "test").run(changed, DATA);
        assertEquals(3, redone.epochs().size());
    }

    @Test
    void sameSeedSameMetricsForEveryKind() throws Exception {
        ExperimentConfig pre = pretrain("tiny-mvae", 2);
        RunResult a = run(tmp.resolve("a"), pre, DATA);
        RunResult b = run(tmp.resolve("b"), pre, DATA);
        assertEquals(comparable(a.epochs()), comparable(b.epochs()));
        Path ckpt = RunDirectory.of(tmp.resolve("a"), pre).resolve("checkpoints/best.npz");
        for (RunKind kind : List.of(RunKind.FINETUNE, RunKind.LINPROBE, RunKind.SCRATCH)) {
            ExperimentConfig c = finetune("tiny-mvae", kind, kind == RunKind.SCRATCH ? null : ckpt, 1, 2);
            RunResult x = run(tmp.resolve("x"), c, DATA);
            RunResult y = run(tmp.resolve("y"), c, DATA);
            assertEquals(comparable(x.epochs()), comparable(y.epochs()), kind.name());
            assertEquals(x.best().top1(), y.best().top1());
        }
    }

    @Test
    void resumeAfterKillNineEndsWithTheSameMetrics() throws Exception {
        ExperimentConfig c = pretrain("tiny-mae", 6);
        RunResult uninterrupted = run(tmp.resolve("whole"), c, DATA);

        Path out = tmp.resolve("killed");
        Path config = tmp.resolve("config.json");
        Json.write(config, c);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunMain.class.getName(), config.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path last = RunDirectory.of(out, c).resolve("checkpoints/last.npz");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!(Files.exists(last) && Checkpoint.meta(last).epochsCompleted() >= 2) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the child must still be training when it is killed: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no cleanup
        int done = Checkpoint.meta(last).epochsCompleted();
        assertTrue(done >= 2 && done < 6, "killed after " + done + " epochs");
        assertFalse(Files.exists(RunDirectory.of(out, c).resolve("result.json")));

        List<String> log = new ArrayList<>();
        RunResult resumed = new ExperimentRunner(out, false, log::add, x -> "test").run(c, DATA);
        assertTrue(log.stream().anyMatch(l -> l.contains("resuming after epoch " + done)), log.toString());
        assertEquals(comparable(uninterrupted.epochs()), comparable(resumed.epochs()), "bit-identical metrics after resume");
    }

    /** A dataset whose samples turn to NaN after the first epoch's reads, to force a divergence mid-run. */
    static final class PoisonAfter implements SkeletonDataset {
        private final SkeletonDataset d;
        private final int after;
        private final AtomicInteger reads = new AtomicInteger();

        PoisonAfter(SkeletonDataset d, int after) {
            this.d = d;
            this.after = after;
        }

        @Override public String name() { return d.name(); }
        @Override public JointLayout layout() { return d.layout(); }
        @Override public int persons() { return d.persons(); }
        @Override public List<String> classNames() { return d.classNames(); }
        @Override public int size() { return d.size(); }
        @Override public SampleInfo info(int i) { return d.info(i); }
        @Override public DataFingerprint fingerprint() { return d.fingerprint(); }
        @Override public List<SkippedFile> skipped() { return d.skipped(); }

        @Override
        public SkeletonSequence get(int i) {
            SkeletonSequence s = d.get(i);
            if (reads.incrementAndGet() <= after) {
                return s;
            }
            float[] nan = s.xyz().clone();
            java.util.Arrays.fill(nan, Float.NaN);
            return new SkeletonSequence(s.name(), s.label(), s.frames(), s.persons(), s.joints(), nan, 1, s.attributes());
        }
    }

    @Test
    void divergenceStopsWithEpochAndIterationAndKeepsTheLastGoodCheckpoint() throws Exception {
        ExperimentConfig c = pretrain("tiny-mae", 4);
        int firstEpochReads = DATA.split().train().length + DATA.split().test().length;
        LoadedDataset poisoned = new LoadedDataset(new PoisonAfter(DATA.dataset(), firstEpochReads), DATA.split());
        Path out = tmp.resolve("div");
        DivergenceException e = assertThrows(DivergenceException.class, () -> run(out, c, poisoned));
        assertTrue(e.getMessage().contains("epoch 2 iteration 1") && e.getMessage().contains("after epoch 1"), e.getMessage());
        assertEquals(1, Checkpoint.meta(RunDirectory.of(out, c).resolve("checkpoints/last.npz")).epochsCompleted());
    }

    @Test
    void aCostRunTimesTheTrainingStepsOfBothPhases() throws Exception {
        ExperimentConfig c = new ExperimentConfig("test", "cost-tiny-mvae", RunKind.COST, 3, "synthetic", null, Presets.load("tiny-mvae"),
                training(1), 1, 0, null, 2);
        RunResult r = run(tmp.resolve("cost"), c, DATA);
        for (String k : List.of("pretrain.msPerIteration", "finetune.msPerIteration", "inference.msPerBatch",
                "pretrain.activationBytes", "finetune.activationBytes", "pretrain.achievedGflops")) {
            assertTrue(r.secondary().get(k) > 0, k + " = " + r.secondary().get(k));
        }
        assertEquals(r.secondary().get("pretrain.msPerIteration") * (DATA.split().train().length / 32) / 1000,
                r.primary().last(), 1e-9, "seconds per pre-training epoch");
    }

    @Test
    void fineTuneErrorsAreClear() throws Exception {
        ExperimentConfig missing = finetune("tiny-mae", RunKind.FINETUNE, tmp.resolve("nope.npz"), 1, 1);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> run(tmp.resolve("o"), missing, DATA));
        assertTrue(e.getMessage().contains("nope.npz") && e.getMessage().contains("does not exist"), e.getMessage());

        ExperimentConfig pre = pretrain("tiny-mae", 1);
        run(tmp.resolve("o"), pre, DATA);
        Path ckpt = RunDirectory.of(tmp.resolve("o"), pre).resolve("checkpoints/last.npz");
        ModelConfig wider = Presets.load("tiny-mae");
        wider = new ModelConfig("wider", wider.framesPerTuple(), wider.inputChannels(), wider.heads(), wider.temporalKernel(),
                wider.spatialKernel(), wider.positionalEncoding(), wider.inputEmbedding(), wider.decoderEmbedding(),
                List.of(new BlockSpec(8, 8, 4), new BlockSpec(8, 16, 4)), List.of(new BlockSpec(16, 8, 4)), wider.masking(),
                wider.validationMasking(), wider.latent(), wider.loss(), wider.sampling(), wider.leakySlope(), wider.bnMomentum(), wider.bnEpsilon(), wider.dropout());
        ExperimentConfig incompatible = new ExperimentConfig("test", "ft-wider", RunKind.FINETUNE, 3, "synthetic", null, wider,
                training(1), 1, 0, ckpt.toString(), 2);
        e = assertThrows(ConfigurationException.class, () -> run(tmp.resolve("o"), incompatible, DATA));
        assertTrue(e.getMessage().contains("last.npz") && e.getMessage().contains("another configuration"), e.getMessage());
        Path plain = tmp.resolve("not-a-checkpoint.npz");
        Files.writeString(plain, "hello");
        ExperimentConfig bogus = finetune("tiny-mae", RunKind.FINETUNE, plain, 1, 1);
        SkelmaeException notACheckpoint = assertThrows(SkelmaeException.class, () -> run(tmp.resolve("bogus"), bogus, DATA),
                "a file that is no checkpoint is the user's problem, not a crash");
        assertTrue(notACheckpoint.getMessage().contains("not-a-checkpoint.npz"), notACheckpoint.getMessage());
    }
}
