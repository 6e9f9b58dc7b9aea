package org.skelmae.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.skelmae.suite.ExperimentExecutor;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.PlannedExperiment;
import org.skelmae.util.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a suite's experiments as Spark tasks, one experiment per task. The plan is cut into dependency
 * levels (pre-trainings and controls first, then the fine-tunes that start from them); each level is one
 * Spark job whose tasks run in parallel on the cluster. Outcomes come back as JSON and are assembled in
 * plan order, so the suite's results and report are exactly those of a local run.
 *
 * <p>On a cluster every task is given as many cores as an experiment trains with ND4J threads
 * ({@code spark.task.cpus}), and every executor one such slot ({@code spark.executor.cores}, unless set),
 * so that an experiment never shares its executor JVM, whose ND4J thread pool is process-wide, with
 * another. The threads themselves are the experiment's configuration, applied by the run; this class never
 * sets them.
 */
public final class SparkExecutor implements ExperimentExecutor, AutoCloseable {

    private JavaSparkContext sc;
    private final SparkConf conf;
    private final String master;
    private final TaskSpec spec;
    private final RemoteTask task;

    /** Uses an existing context (tests, notebooks); its task and executor cores are the caller's choice. */
    public SparkExecutor(JavaSparkContext sc, TaskSpec spec, RemoteTask task) {
        this.sc = sc;
        this.conf = null;
        this.master = sc.master();
        this.spec = spec;
        this.task = task;
    }

    /**
     * Starts a context on {@code master} (local[N], local[N,retries], spark://host:7077, yarn, k8s://...)
     * when the first plan arrives, sized for that plan's threads.
     *
     * @param jars jars the executors need (skelmae-spark and its dependencies); empty in local mode
     */
    public SparkExecutor(String master, List<String> jars, TaskSpec spec) {
        this(conf(master, jars), spec, new ExperimentTask());
    }

    /**
     * Starts a context from {@code conf} when the first plan arrives, with {@link #sizeFor} applied for that
     * plan's threads; the executor owns it and stops it on {@link #close()}.
     */
    public SparkExecutor(SparkConf conf, TaskSpec spec, RemoteTask task) {
        this.conf = conf.clone();
        this.master = conf.get("spark.master", "(no spark.master)");
        this.spec = spec;
        this.task = task;
    }

    /** The Spark configuration skelmae uses, Java 17 flags for executors included. */
    public static SparkConf conf(String master, List<String> jars) {
        SparkConf c = new SparkConf().setMaster(master).setAppName("skelmae")
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "4")
                .set("spark.executor.extraJavaOptions", JavaOptions.SPARK_ON_JAVA_17)
                .set("spark.driver.extraJavaOptions", JavaOptions.SPARK_ON_JAVA_17);
        if (!jars.isEmpty()) {
            c.setJars(jars.toArray(String[]::new));
        }
        return c;
    }

    /**
     * Sizes task slots for experiments that train with {@code threads} ND4J threads. On a cluster master:
     * {@code spark.task.cpus} = threads (Spark also exports it to executors as OMP_NUM_THREADS, which it
     * otherwise sets to 1), and {@code spark.executor.cores} = threads unless the caller chose a value. Local
     * masters are left alone: local[N] keeps meaning N experiments at once in this JVM.
     *
     * @return {@code conf}, for chaining
     */
    public static SparkConf sizeFor(SparkConf conf, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!conf.get("spark.master", "local").startsWith("local")) {
            conf.set("spark.task.cpus", Integer.toString(threads));
            conf.setIfMissing("spark.executor.cores", Integer.toString(threads));
        }
        return conf;
    }

    /** The ND4J threads the plan's experiments train with: the largest configured thread count of the plan. */
    static int threadsOf(List<PlannedExperiment> plan) {
        int threads = 0;
        for (PlannedExperiment p : plan) {
            threads = Math.max(threads, p.config().threads());
        }
        return threads > 0 ? threads : org.skelmae.run.Threads.defaultCount();
    }

    @Override
    public List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> localTask) {
        if (sc == null) {
            sc = new JavaSparkContext(sizeFor(conf.clone(), threadsOf(plan)));
        }
        Map<String, ExperimentOutcome> done = new HashMap<>();
        for (List<PlannedExperiment> level : levels(plan)) {
            List<String> payloads = new ArrayList<>();
            List<PlannedExperiment> sent = new ArrayList<>();
            for (PlannedExperiment p : level) {
                ExperimentOutcome blocked = ExperimentOutcome.blockedBy(p, done);
                if (blocked != null) {
                    done.put(p.id(), blocked);
                } else {
                    payloads.add(Json.line(p));
                    sent.add(p);
                }
            }
            if (payloads.isEmpty()) {
                continue;
            }
            RemoteTask t = task;
            TaskSpec s = spec;
            List<String> results = sc.parallelize(payloads, payloads.size()).map(p -> t.run(p, s)).collect();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    done.put(sent.get(i).id(), Json.mapper().readValue(results.get(i), ExperimentOutcome.class));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("unreadable outcome of " + sent.get(i).id() + ": " + e.getMessage(), e);
                }
            }
        }
        return plan.stream().map(p -> done.get(p.id())).toList();
    }

    /** The plan cut into levels: an experiment's level is one more than its deepest dependency's. */
    static List<List<PlannedExperiment>> levels(List<PlannedExperiment> plan) {
        Map<String, Integer> level = new HashMap<>();
        List<List<PlannedExperiment>> out = new ArrayList<>();
        for (PlannedExperiment p : plan) {
            int l = 0;
            for (String d : p.dependsOn()) {
                Integer dl = level.get(d);
                if (dl == null) {
                    throw new IllegalArgumentException(p.id() + " depends on " + d + ", which the plan does not run before it");
                }
                l = Math.max(l, dl + 1);
            }
            level.put(p.id(), l);
            while (out.size() <= l) {
                out.add(new ArrayList<>());
            }
            out.get(l).add(p);
        }
        return out;
    }

    @Override
    public String describe() {
        return "spark " + master;
    }

    /** The context in use, null before the first plan of an executor that starts its own. */
    JavaSparkContext context() {
        return sc;
    }

    @Override
    public void close() {
        if (conf != null && sc != null) {
            sc.stop();
            sc = null;
        }
    }
}
