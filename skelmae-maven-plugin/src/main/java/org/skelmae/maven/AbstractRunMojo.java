package org.skelmae.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.LoadedDataset;
import org.skelmae.model.ModelSpec;
import org.skelmae.run.Commands;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;
import org.skelmae.training.TrainingConfig;

import java.nio.file.Path;
import java.util.List;

/** Base of the goals that run one experiment (pretrain, finetune): model, schedule, seed, output. */
public abstract class AbstractRunMojo extends AbstractDataMojo {

    /**
     * Dataset and protocol: ntu60-xsub, ntu60-xview, ntu120-xsub, ntu120-xset, nwucla-xview, npz:&lt;file&gt;, pyskl:&lt;file&gt;[#&lt;split&gt;] or synthetic.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.dataset", defaultValue = "nwucla-xview")
    String dataset;

    /**
     * Model preset (paper-mae, paper-mvae, paper-mvqvae, cpu-mae, cpu-mvae, cpu-mvqvae, tiny-*) or a model config JSON file.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.preset", defaultValue = "cpu-mvae")
    String preset;

    /**
     * Root seed of the run.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.seed", defaultValue = "1")
    long seed;

    /**
     * Epochs (the paper trains 200; LR milestones 60/90/110 are scaled to shorter runs).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.epochs", defaultValue = "200")
    int epochs;

    /**
     * Optimiser steps to train instead of epochs (rounded up to whole epochs); 0 trains skelmae.epochs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.steps", defaultValue = "0")
    int steps;

    /**
     * Least optimiser steps: a small dataset trains max(epochs, ceil(minSteps / steps per epoch)) epochs; 0 for none.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.minSteps", defaultValue = "0")
    int minSteps;

    /**
     * Samples per batch.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.batchSize", defaultValue = "64")
    int batchSize;

    /**
     * Base learning rate; 0 takes the paper's (1e-3, 1e-2 with the VQ latent).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.learningRate", defaultValue = "0")
    double learningRate;

    /**
     * Comma-separated LR decay epochs at the 200-epoch reference, scaled to the run's length (the paper's: 60,90,110).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.milestones", defaultValue = "60,90,110")
    String milestones;

    /**
     * Experiment name (the run directory is outputDirectory/runs/&lt;experiment&gt;/seed-&lt;seed&gt;); default from goal and preset.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.experiment")
    String experiment;

    /**
     * Replace an existing run directory instead of resuming or skipping it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.overwrite", defaultValue = "false")
    boolean overwrite;

    /** The model of the preset, of either family. */
    protected ModelSpec model() {
        return ModelSpecs.preset(preset.endsWith(".json") ? executionRoot().resolve(preset).toString() : preset);
    }

    /** The run's training recipe: the goal's settings, with the graph family's optimiser and schedule for its models. */
    protected TrainingConfig training(ModelSpec model, RunKind kind) {
        return Families.recipe(model, kind, training());
    }

    protected TrainingConfig training() {
        TrainingConfig p = TrainingConfig.paper();
        List<Integer> m = org.skelmae.suite.SuiteOverrides.parseMilestones(milestones);
        TrainingConfig t = p.withEpochs(epochs).withBatchSize(batchSize).withLearningRate(learningRate).withMinSteps(minSteps)
                .withSchedule(p.warmup(), m == null ? p.decays() : TrainingConfig.fractions(m));
        return steps > 0 ? t.withSteps(steps) : t;
    }

    /** Runs one experiment and logs where its records are. */
    protected RunResult runExperiment(ExperimentConfig cfg, LoadedDataset data) throws Exception {
        RunResult r = new ExperimentRunner(output(), overwrite, progress(), c -> Commands.rerun(RunDirectory.of(output(), c),
                loadOptions().commandProperties())).run(cfg, data);
        getLog().info("records: " + RunDirectory.of(output(), cfg));
        return r;
    }

    /** Default experiment names are made from the goal and preset. */
    protected String experimentName(String fallback) {
        return experiment != null && !experiment.isBlank() ? experiment : fallback;
    }

    protected Path dataPath(String resolvedDataset) throws Exception {
        return dataLocation(resolvedDataset);
    }
}
