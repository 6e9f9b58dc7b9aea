package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.model.ModelSpec;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains a classifier: fine-tuning from a pre-trained checkpoint, a linear probe on a frozen encoder,
 * or the from-scratch control; on all labels or on a class-stratified labelled subset.
 *
 * @since 0.1.0
 */
@Mojo(name = "finetune", aggregator = true, requiresProject = false, threadSafe = true)
public class FinetuneMojo extends AbstractRunMojo {

    /**
     * Pre-trained checkpoint the encoder starts from (e.g. target/skelmae/runs/pretrain-cpu-mvae/seed-1/checkpoints/best.npz).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.checkpoint")
    File checkpoint;

    /**
     * finetune (all layers), linprobe (frozen encoder, linear head) or scratch (random weights, no checkpoint).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.kind", defaultValue = "finetune")
    String kind;

    /**
     * Labelled share of the training split, drawn class-stratified (1 = all labels).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.labelFraction", defaultValue = "1")
    double labelFraction;

    /**
     * Seed of the labelled subset (the same seed gives every method the identical subset).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.subsetSeed", defaultValue = "1")
    long subsetSeed;

    @Override
    protected void executeMojo() throws Exception {
        RunKind k;
        try {
            k = RunKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("skelmae.kind must be finetune, linprobe or scratch, got '" + kind + "'");
        }
        if (k == RunKind.PRETRAIN || k == RunKind.COST) {
            throw new MojoFailureException("skelmae.kind must be finetune, linprobe or scratch (use skelmae:pretrain to pre-train)");
        }
        if (k != RunKind.SCRATCH && checkpoint == null) {
            throw new MojoFailureException(k.name().toLowerCase(Locale.ROOT) + " needs -Dskelmae.checkpoint=<pre-trained checkpoint .npz>");
        }
        String ds = resolveDataset(dataset);
        Path location = dataPath(ds);
        String pct = labelFraction >= 1 ? "100pct" : Math.round(labelFraction * 100) + "pct-subset" + subsetSeed;
        ModelSpec model = model();
        ExperimentConfig cfg = new ExperimentConfig("runs", experimentName(k.name().toLowerCase(Locale.ROOT) + "-" + model.name() + "-" + pct),
                k, seed, ds, location == null ? null : location.toString(), model, training(model, k), labelFraction,
                labelFraction >= 1 ? 0 : subsetSeed,
                k == RunKind.SCRATCH ? null : executionRoot().resolve(checkpoint.toPath()).normalize().toString(), threads());
        runExperiment(cfg, load(ds, location));
    }
}
