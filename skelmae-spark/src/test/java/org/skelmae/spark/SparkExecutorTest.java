package org.skelmae.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.Method;
import org.skelmae.suite.SequentialExecutor;
import org.skelmae.suite.Suite;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SuiteRunner;
import org.skelmae.training.EpochMetrics;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suites on Spark in local mode give the sequential run's results, also when a task fails once. */
class SparkExecutorTest {

    static final LoadedDataset DATA = SyntheticMotion.standard().load();

    /**
     * Four experiments: one pre-training, a fine-tune and a linear probe that depend on it, a from-scratch control
     * (one, named "scratch": the fine-tune and the control share the learning rate 1e-2).
     */
    static Suite tiny() {
        return new Suite("spark-test", "Four experiments, two depending on a pre-training.", "test", "synthetic", "tiny", List.of(1L),
                2, 2, 32, 5, List.of(150), 0, 0, 1e-2, List.of(Method.MVQVAE), List.of(), List.of(0.25), List.of(1L), true, true,
                true, false);
    }

    static SuiteResult runSequential(Path out) {
        SuitePlan plan = SuitePlan.of(tiny(), SuiteOverrides.none(), out, "synthetic");
        return new SuiteRunner(out, false, Progress.NONE, c -> "test", new SequentialExecutor()).run(plan, DATA, "test");
    }

    static SuiteResult runSpark(Path out, String master, RemoteTask task) {
        SuitePlan plan = SuitePlan.of(tiny(), SuiteOverrides.none(), out, "synthetic");
        assertEquals(4, plan.experiments().size());
        try (JavaSparkContext sc = new JavaSparkContext(SparkExecutor.conf(master, List.of()))) {
            SparkExecutor executor = new SparkExecutor(sc, new TaskSpec(out.toString(), false, null, new java.util.LinkedHashMap<>()), task);
            return new SuiteRunner(out, false, Progress.NONE, c -> "test", executor).run(plan, DATA, "test");
        }
    }

    static List<String> metrics(SuiteResult r) {
        List<String> out = new ArrayList<>();
        for (ExperimentOutcome o : r.outcomes()) {
            assertEquals(ExperimentOutcome.Status.OK, o.status(), o.experiment().id() + ": " + o.error());
            for (EpochMetrics m : o.result().epochs()) {
                out.add(o.experiment().id() + " " + m.epoch() + " " + new TreeMap<>(m.train()) + " " + new TreeMap<>(m.validation()));
            }
            out.add(o.experiment().id() + " best " + o.result().primary().best());
        }
        return out;
    }

    @Test
    void localTwoMatchesTheSequentialRunBitForBit(@TempDir Path tmp) {
        List<String> sequential = metrics(runSequential(tmp.resolve("sequential")));
        SuiteResult spark = runSpark(tmp.resolve("spark"), "local[2]", new ExperimentTask());
        assertTrue(spark.executor().startsWith("spark local[2]"), spark.executor());
        assertEquals(sequential, metrics(spark));
        assertTrue(Files.isRegularFile(tmp.resolve("spark/spark-test/results.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("spark/spark-test/mvqvae-linprobe-25pct-subset1/seed-1/checkpoints/best.npz")));
    }

    /** Fails the first attempt of every task that depends on the pre-training, after its run finished, then succeeds. */
    static final class FailOnce implements RemoteTask {
        private final String markers;

        FailOnce(String markers) {
            this.markers = markers;
        }

        @Override
        public String run(String planned, TaskSpec spec) throws Exception {
            String result = new ExperimentTask().run(planned, spec);
            Path marker = Path.of(markers, Integer.toHexString(planned.hashCode()));
            if ((planned.contains("\"FINETUNE\"") || planned.contains("\"LINPROBE\"")) && !Files.exists(marker)) {
                Files.createDirectories(marker.getParent());
                Files.createFile(marker);
                throw new IllegalStateException("injected failure after the experiment finished (an executor lost before reporting)");
            }
            return result;
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheSuiteCompletesWithTheSameResults(@TempDir Path tmp) {
        List<String> sequential = metrics(runSequential(tmp.resolve("sequential")));
        SuiteResult spark = runSpark(tmp.resolve("spark"), "local[2,3]", new FailOnce(tmp.resolve("markers").toString()));
        assertEquals(sequential, metrics(spark));
        try (var s = Files.list(tmp.resolve("markers"))) {
            assertEquals(2, s.count(), "the fine-tune and the probe failed once each and were retried");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void levelsPutFineTunesAfterTheirPreTraining(@TempDir Path tmp) {
        SuitePlan plan = SuitePlan.of(tiny(), SuiteOverrides.none(), tmp, "synthetic");
        List<List<org.skelmae.suite.PlannedExperiment>> levels = SparkExecutor.levels(plan.experiments());
        assertEquals(2, levels.size());
        assertEquals(List.of("mvqvae-pretrain", "scratch-25pct-subset1"), levels.get(0).stream().map(p -> p.config().experiment()).toList());
        assertEquals(List.of("mvqvae-finetune-25pct-subset1", "mvqvae-linprobe-25pct-subset1"),
                levels.get(1).stream().map(p -> p.config().experiment()).toList());
    }

    @Test
    void clusterTasksGetTheThreadsAsCoresAndLocalMastersAreLeftAlone() {
        org.apache.spark.SparkConf cluster = SparkExecutor.sizeFor(SparkExecutor.conf("spark://127.0.0.1:7077", List.of()), 3);
        assertEquals("3", cluster.get("spark.task.cpus"));
        assertEquals("3", cluster.get("spark.executor.cores"));
        org.apache.spark.SparkConf chosen = SparkExecutor.conf("spark://127.0.0.1:7077", List.of()).set("spark.executor.cores", "6");
        assertEquals("6", SparkExecutor.sizeFor(chosen, 3).get("spark.executor.cores"), "the user's executor size stays");
        org.apache.spark.SparkConf local = SparkExecutor.sizeFor(SparkExecutor.conf("local[2]", List.of()), 3);
        assertTrue(!local.contains("spark.task.cpus") && !local.contains("spark.executor.cores"));
    }

    @Test
    void threadsComeFromThePlan(@TempDir Path tmp) {
        SuitePlan plan = SuitePlan.of(tiny(), SuiteOverrides.none(), tmp, "synthetic");
        // Until every configuration carries its threads, ND4J's default in this JVM is what they train with.
        assertTrue(SparkExecutor.threadsOf(plan.experiments()) >= 1);
    }

    @Test
    void theTestJvmHasTheJava17Flags() {
        assertNull(JavaOptions.missingInThisJvm());
    }
}
