package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.LoadedDataset;
import org.skelmae.run.Commands;
import org.skelmae.run.RunDirectory;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.Suite;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SuiteRunner;
import org.skelmae.suite.Suites;

import java.nio.file.Path;

/**
 * Runs a declared benchmark suite (full, semi, ablation-*, cost, linprobe, ci, demo, smoke): pre-training once
 * per method and seed, every fine-tune from it, a summary table in the log and one results JSON.
 * Finished experiments are skipped and interrupted ones resume.
 *
 * @since 0.1.0
 */
@Mojo(name = "benchmark", aggregator = true, requiresProject = false, threadSafe = true)
public class BenchmarkMojo extends AbstractDataMojo {

    /**
     * Suite name (see the benchmarks module, skelmae/suites/index.txt) or a suite JSON file.
     *
     * @since 0.1.0
     */
    @Parameter(property = "suite")
    String suite;

    /**
     * Dataset and protocol; overrides the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.dataset")
    String dataset;

    /**
     * Preset family (paper, cpu or tiny) or a model config JSON file; overrides the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.preset")
    String preset;

    /**
     * Comma-separated run seeds; override the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.seeds")
    String seeds;

    /**
     * Epochs of every phase; overrides the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.epochs")
    Integer epochs;

    /**
     * Pre-training epochs; beats skelmae.epochs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.pretrainEpochs")
    Integer pretrainEpochs;

    /**
     * Fine-tuning epochs; beats skelmae.epochs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.finetuneEpochs")
    Integer finetuneEpochs;

    /**
     * Samples per batch; overrides the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.batchSize")
    Integer batchSize;

    /**
     * Base learning rate; overrides the per-latent defaults.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.learningRate")
    Double learningRate;

    /**
     * Comma-separated LR decay epochs at the 200-epoch reference (scaled to the run's length); overrides the suite's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.milestones")
    String milestones;

    /**
     * Least optimiser steps of every phase (a small dataset trains more epochs to reach it); overrides the suite's
     * minPretrainSteps and minFinetuneSteps, 0 for no minimum.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.minSteps")
    Integer minSteps;

    /**
     * Redo finished experiments instead of skipping them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.overwrite", defaultValue = "false")
    boolean overwrite;

    /**
     * How experiments run: sequential (one after the other), local (skelmae.parallel at once in this JVM) or
     * spark (one experiment per Spark task on skelmae.spark.master).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.executor", defaultValue = "sequential")
    String executor;

    /**
     * Experiments run at once by the local executor; each still trains with skelmae.threads threads, so they share
     * the cores when parallel × threads exceeds them (the numbers are the same as a sequential run's).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.parallel", defaultValue = "2")
    int parallel;

    /**
     * Spark master for skelmae.executor=spark: local[2], local[2,4] (4 attempts per task), spark://host:7077, yarn or
     * k8s://... Run directories must then be on a path every worker sees (skelmae.outputDirectory), and so must the data.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.spark.master", defaultValue = "local[2]")
    String sparkMaster;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    org.apache.maven.plugin.descriptor.PluginDescriptor plugin;

    @org.apache.maven.plugins.annotations.Component
    org.eclipse.aether.RepositorySystem repositorySystem;

    /**
     * Fail the build when an experiment fails (the others still run first).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.haltOnFailure", defaultValue = "true")
    boolean haltOnFailure;

    @Override
    protected void executeMojo() throws Exception {
        Suite s = Suites.load(suite == null ? null : (suite.endsWith(".json") ? executionRoot().resolve(suite).toString() : suite));
        String ds = resolveDataset(dataset != null ? dataset : s.dataset());
        Path location = dataLocation(ds);
        SuiteOverrides o = new SuiteOverrides(ds, location == null ? null : location.toString(), preset,
                SuiteOverrides.parseSeeds(seeds), epochs, pretrainEpochs, finetuneEpochs, batchSize, learningRate,
                SuiteOverrides.parseMilestones(milestones), minSteps, threads());
        SuitePlan plan = SuitePlan.of(s, o, output(), ds);
        LoadedDataset data = load(ds, location);
        org.skelmae.suite.ExperimentExecutor executor = Executors.create(this);
        SuiteResult result;
        try {
            java.util.Map<String, String> dataProperties = loadOptions().commandProperties();
            String suiteRef = suite.endsWith(".json") ? executionRoot().resolve(suite).toAbsolutePath().normalize().toString() : suite;
            result = new SuiteRunner(output(), overwrite, progress(),
                    c -> Commands.rerun(RunDirectory.of(output(), c), dataProperties), executor)
                    .run(plan, data, plan.command(suiteRef, output(), dataProperties));
        } finally {
            if (executor instanceof AutoCloseable c) {
                c.close();
            }
        }
        long failed = result.outcomes().stream().filter(x -> x.status() != ExperimentOutcome.Status.OK).count();
        if (failed > 0 && haltOnFailure) {
            throw new MojoFailureException(failed + " of " + result.outcomes().size() + " experiments of suite " + s.name()
                    + " did not succeed (see the log above); re-run to resume, or pass -Dskelmae.haltOnFailure=false");
        }
    }

    String pluginVersion() {
        return plugin.getVersion();
    }

}
