package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.LoadedDataset;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Families;
import org.skelmae.util.Json;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Evaluates a classifier checkpoint (from finetune, linprobe or scratch) on a split of its dataset:
 * top-1, top-5, per-class accuracy and the confusion matrix, written as JSON next to the run.
 *
 * @since 0.1.0
 */
@Mojo(name = "evaluate", aggregator = true, requiresProject = false, threadSafe = true)
public class EvaluateMojo extends AbstractDataMojo {

    /**
     * The classifier checkpoint, e.g. target/skelmae/runs/finetune-cpu-mvae-100pct/seed-1/checkpoints/best.npz; its
     * run's config.json says which model and dataset it belongs to.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.checkpoint", required = true)
    File checkpoint;

    /**
     * Which samples: test or train.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.split", defaultValue = "test")
    String split;

    @Override
    protected void executeMojo() throws Exception {
        Path ckpt = executionRoot().resolve(checkpoint.toPath()).normalize();
        Path config = ckpt.getParent() == null ? null : ckpt.getParent().resolveSibling("config.json");
        if (config == null || !Files.isRegularFile(config)) {
            throw new MojoFailureException("no config.json next to " + ckpt + " (expected <run>/config.json for <run>/checkpoints/"
                    + ckpt.getFileName() + ")");
        }
        ExperimentConfig cfg = Json.read(config, ExperimentConfig.class);
        Path location = cfg.data() != null ? Path.of(cfg.data()) : dataLocation(cfg.dataset());
        LoadedDataset data = load(cfg.dataset(), location);
        int[] indices = switch (split.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> data.split().test();
            case "train" -> data.split().train();
            default -> throw new MojoFailureException("skelmae.split must be test or train, got '" + split + "'");
        };
        Evaluation e = Families.evaluate(cfg, data, ckpt, indices);
        getLog().info(String.format(Locale.ROOT, "%s on %s %s (%d samples): top-1 %.2f%%, top-5 %.2f%%, mean class accuracy %.2f%%",
                cfg.experiment(), cfg.dataset(), split, e.samples(), 100 * e.top1(), 100 * e.top5(), 100 * e.balancedAccuracy()));
        for (int c = 0; c < e.perClass().length; c++) {
            if (e.support()[c] > 0) {
                getLog().info(String.format(Locale.ROOT, "  %-45s %6.2f%% of %d", e.classNames().get(c), 100 * e.perClass()[c], e.support()[c]));
            }
        }
        Path out = ckpt.getParent().resolveSibling("evaluation-" + split + "-" + ckpt.getFileName().toString().replace(".npz", "") + ".json");
        Json.write(out, e);
        getLog().info("evaluation written to " + out);
    }
}
