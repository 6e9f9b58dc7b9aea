package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.LoadedDataset;
import org.skelmae.engine.Engine;
import org.skelmae.run.Commands;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Provenance;
import org.skelmae.run.Rerun;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunResult;
import org.skelmae.util.Json;
import org.skelmae.util.Sha256;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Rebuilds a finished run from its records into a new directory and says whether every number matched:
 * the configuration comes from the run's config.json (thread count included), the data must hash as
 * provenance.json recorded, and so must the pre-trained checkpoint. On the same machine every figure
 * must be bit-identical; on another processor the gated figures must agree within the regression gate's
 * single-run tolerance. Writes {@code rerun.json} into the new run directory; fails the build on a mismatch.
 *
 * @since 0.2.0
 */
@Mojo(name = "rerun", aggregator = true, requiresProject = false, threadSafe = true)
public class RerunMojo extends AbstractDataMojo {

    /**
     * The run directory to rebuild: &lt;output&gt;/&lt;suite&gt;/&lt;experiment&gt;/seed-&lt;n&gt;.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.run")
    File run;

    /**
     * Root of the re-run's output; default: skelmae.outputDirectory/reruns/&lt;date-time&gt;.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.rerunOutput")
    File rerunOutput;

    @Override
    protected void executeMojo() throws Exception {
        if (run == null) {
            throw new MojoFailureException("no run given: pass -Dskelmae.run=<output>/<suite>/<experiment>/seed-<n> (the re-run command "
                    + "in a run's provenance.json names it)");
        }
        Path dir = executionRoot().resolve(run.toPath()).normalize();
        Rerun.Recorded recorded = Rerun.read(dir);
        ExperimentConfig cfg = recorded.config();
        String engine = recorded.provenance().runtime().getOrDefault("engine", Engine.ND4J.name());
        if (!engine.equals(Engine.selected().name())) {
            throw new MojoFailureException("the run trained on the " + engine + " engine and this re-run would use "
                    + Engine.selected().name() + ": " + (engine.equals(Engine.ND4J.name()) ? "leave -D" + Engine.PROPERTY + " unset"
                    : "pass -D" + Engine.PROPERTY + "=" + engine) + " (the re-run command in its provenance.json does)");
        }
        LoadedDataset data = load(cfg.dataset(), cfg.data() == null ? null : Path.of(cfg.data()));
        String recordedData = recorded.provenance().data().sha256();
        if (!data.dataset().fingerprint().sha256().equals(recordedData)) {
            throw new MojoFailureException("the data no longer matches the run: " + cfg.dataset() + " at " + cfg.data() + " hashes to "
                    + data.dataset().fingerprint().sha256() + " with parameters " + data.dataset().fingerprint().parameters()
                    + ", the run read " + recordedData + " with parameters " + recorded.provenance().data().parameters()
                    + ": restore the data, or pass the data options the run used");
        }
        if (cfg.pretrained() != null) {
            String now = Sha256.ofFile(Path.of(cfg.pretrained()));
            String then = recorded.provenance().hashes().get("pretrained");
            if (!now.equals(then)) {
                throw new MojoFailureException("the pre-trained checkpoint " + cfg.pretrained() + " changed since the run (sha256 " + now
                        + ", recorded " + then + "): re-run its pre-training first");
            }
        }
        Path root = rerunOutput != null ? executionRoot().resolve(rerunOutput.toPath()).normalize()
                : output().resolve("reruns").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        getLog().info("re-running " + dir + " into " + root + " (" + cfg.threads() + " threads, as recorded)");
        java.util.Map<String, String> dataProperties = loadOptions().commandProperties();
        RunResult again = new ExperimentRunner(root, false, progress(), c -> Commands.rerun(RunDirectory.of(root, c), dataProperties))
                .run(cfg, data);
        Path newDir = RunDirectory.of(root, cfg);
        Rerun.Comparison c = Rerun.compare(recorded, newDir, again, Json.read(newDir.resolve("provenance.json"), Provenance.class));
        Json.write(newDir.resolve("rerun.json"), c);
        c.notes().forEach(n -> getLog().warn(n));
        long differing = c.figures().stream().filter(f -> !f.identical()).count();
        c.figures().stream().filter(f -> !f.identical()).limit(20).forEach(f -> getLog().info(String.format(Locale.ROOT,
                "  %-44s recorded %.6g, re-run %.6g%s", f.figure(), f.original(), f.rerun(),
                f.gated() ? String.format(Locale.ROOT, " (tolerance %.4g: %s)", f.tolerance(), f.withinTolerance() ? "within" : "OUTSIDE") : "")));
        String verdict = c.identical() ? "every one of " + c.figures().size() + " figures is bit-identical"
                : differing + " of " + c.figures().size() + " figures differ; gated figures " + (c.withinTolerance() ? "within" : "NOT within")
                + " the gate's tolerance";
        getLog().info("re-run of " + dir + ": " + verdict + (c.sameMachine() ? " (same machine: bit-identical expected)" : " (another machine)"));
        getLog().info("comparison: " + newDir.resolve("rerun.json"));
        if (!c.matched()) {
            throw new MojoFailureException("the re-run of " + dir + " did not match: " + verdict + " (see " + newDir.resolve("rerun.json") + ")");
        }
    }
}
