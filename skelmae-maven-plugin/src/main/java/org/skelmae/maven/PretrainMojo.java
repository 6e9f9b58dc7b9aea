package org.skelmae.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.skelmae.model.ModelSpec;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;

import java.nio.file.Path;

/**
 * Masked pre-training of one model (SkeletonMAE, MVAE or MVQVAE by preset) on one dataset; keeps the
 * checkpoints with the lowest validation loss and the last, resumes an interrupted run.
 *
 * @since 0.1.0
 */
@Mojo(name = "pretrain", aggregator = true, requiresProject = false, threadSafe = true)
public class PretrainMojo extends AbstractRunMojo {

    @Override
    protected void executeMojo() throws Exception {
        String ds = resolveDataset(dataset);
        Path location = dataPath(ds);
        ModelSpec model = model();
        ExperimentConfig cfg = new ExperimentConfig("runs", experimentName("pretrain-" + model.name()), RunKind.PRETRAIN, seed, ds,
                location == null ? null : location.toString(), model, training(model, RunKind.PRETRAIN), 1, 0, null, threads());
        runExperiment(cfg, load(ds, location));
    }

}
