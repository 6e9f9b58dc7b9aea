package org.skelmae.spark;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.run.Provenance;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SuiteRunner;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and a Worker, each its own JVM started from the
 * test class path (as {@code start-master.sh} / {@code start-worker.sh} would start them from a Spark
 * distribution), and executors that the Worker launches as further JVMs. The suite's numbers must equal a
 * sequential run's bit for bit, and every run's provenance must name the build's commit, not the commit of
 * the git repository the Worker and its executors run in.
 *
 * <p>What the Worker needs to launch an executor without a Spark distribution: a SPARK_HOME with a
 * {@code jars/} folder (here empty; Spark's launcher adds {@code jars/*} and fails without the folder), the
 * Scala version in SPARK_SCALA_VERSION (a distribution's scripts export it; the launcher otherwise looks for a
 * source build), and the classes, given as {@code spark.executor.extraClassPath}.
 */
class SparkStandaloneClusterTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aStandaloneClusterGivesTheSequentialRunsNumbersAndRecordsTheBuildsCommit(@TempDir Path tmp) throws Exception {
        List<String> sequential = SparkExecutorTest.metrics(SparkExecutorTest.runSequential(tmp.resolve("sequential")));

        Path out = tmp.resolve("cluster-runs");
        SuitePlan plan = SuitePlan.of(SparkExecutorTest.tiny(), SuiteOverrides.none(), out, "synthetic");
        int threads = SparkExecutor.threadsOf(plan.experiments());
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars")).getParent();
        // The Worker and its executors work inside some other git repository, as on a user's cluster.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String elsewhereCommit = gitRepositoryWithOneCommit(elsewhere);
        String classPath = System.getProperty("java.class.path");

        List<Process> processes = new ArrayList<>();
        try {
            int masterPort = freePort();
            processes.add(start(classPath, sparkHome, elsewhere, tmp.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", "0"));
            awaitPort(masterPort, processes.get(0), tmp.resolve("master.log"));
            String master = "spark://127.0.0.1:" + masterPort;
            // Twice the cores an experiment needs: one executor would run two experiments at once in one
            // JVM unless the executor asks for one task slot.
            processes.add(start(classPath, sparkHome, elsewhere, tmp.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", Integer.toString(2 * threads),
                    "--memory", "3g", "--work-dir", elsewhere.resolve("work").toString(), master));

            SparkConf conf = SparkExecutor.conf(master, List.of())
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.memory", "1g")
                    .set("spark.executor.extraClassPath", classPath)
                    .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
            SuiteResult cluster;
            SparkConf used;
            try (SparkExecutor executor = new SparkExecutor(conf, new TaskSpec(out.toString(), false, null, new java.util.LinkedHashMap<>()), new ExperimentTask())) {
                cluster = new SuiteRunner(out, false, Progress.NONE, c -> "test", executor).run(plan, SparkExecutorTest.DATA, "test");
                used = executor.context().getConf();
            }
            assertEquals("spark " + master, cluster.executor());
            assertEquals(sequential, SparkExecutorTest.metrics(cluster), "the cluster's numbers are the sequential run's");
            assertEquals(Integer.toString(threads), used.get("spark.task.cpus", "1"));
            assertEquals(Integer.toString(threads), used.get("spark.executor.cores", "unset"));

            String buildCommit = Provenance.build().gitCommit();
            assertNotEquals(elsewhereCommit, buildCommit);
            for (ExperimentOutcome o : cluster.outcomes()) {
                Path file = out.resolve(o.experiment().config().suite()).resolve(o.experiment().config().experiment())
                        .resolve("seed-" + o.experiment().config().seed()).resolve("provenance.json");
                Provenance p = Json.read(file, Provenance.class);
                assertEquals(buildCommit, p.gitCommit(), file + " names the build's commit");
                assertEquals(threads, p.threads(), file + " trained with the configured threads");
            }
            try (Stream<Path> logs = Files.walk(elsewhere.resolve("work"))) {
                assertTrue(logs.anyMatch(f -> f.getFileName().toString().equals("stderr")), "the Worker launched executors");
            }
        } catch (AssertionError | RuntimeException e) {
            dump(tmp);
            throw e;
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                stop(processes.get(i));
            }
        }
    }

    /** A JVM like Spark's sbin scripts start: the class path, the Java 17 flags, loopback only. */
    static Process start(String classPath, Path sparkHome, Path dir, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(Arrays.asList(JavaOptions.SPARK_ON_JAVA_17.split(" ")));
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1"); // web UIs and block managers bind here, not to every interface
        env.remove("SPARK_CONF_DIR");
        return pb.start();
    }

    /** Stops a daemon and whatever it launched (the Worker's executors). */
    static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(c -> {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, Process owner, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!owner.isAlive()) {
                throw new IllegalStateException("the Master exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Master did not listen on " + port + " within 90 s");
    }

    /** Makes {@code dir} a git repository with one commit and returns it, or null without a git binary. */
    static String gitRepositoryWithOneCommit(Path dir) throws Exception {
        try {
            git(dir, "init", "-q");
            git(dir, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "--allow-empty", "-m", "elsewhere");
            return git(dir, "rev-parse", "HEAD");
        } catch (IOException e) {
            return null;
        }
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + text);
        }
        return text;
    }

    /** The daemons' and executors' logs, for a failure's report. */
    static void dump(Path tmp) {
        try (Stream<Path> files = Files.walk(tmp)) {
            files.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString().equals("stderr")
                            || f.getFileName().toString().equals("stdout"))
                    .forEach(f -> {
                        try {
                            String text = Files.readString(f);
                            System.err.println("==== " + f + "\n" + text.substring(Math.max(0, text.length() - 6000)));
                        } catch (IOException ignored) {
                            // best effort
                        }
                    });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
