package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.reports.check.Baseline;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.reports.history.CheckHistory;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Compares a suite run with its committed baseline for the run's engine (benchmarks module,
 * skelmae/baselines/&lt;suite&gt;.json for ND4J, &lt;suite&gt;.&lt;engine&gt;.json for another),
 * prints the table and fails the build when a metric moved beyond its tolerance (derived from the
 * baseline's spread over seeds, see {@link org.skelmae.stats.GateTolerance}) or is missing. It says when the
 * baseline came from another machine or other seeds. With -Dskelmae.updateBaseline=true it writes the
 * current means, spreads, seeds and machine as the new baseline instead. With -Dskelmae.history=&lt;file&gt; it also
 * appends the check's record to a history file, which skelmae:report draws as the accuracy over commits.
 *
 * @since 0.1.0
 */
@Mojo(name = "check", aggregator = true, requiresProject = false, threadSafe = true)
public class CheckMojo extends AbstractSkelmaeMojo {

    /**
     * The results.json to check; default: the given suite's, else the most recent under the output directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.results")
    File results;

    /**
     * Suite whose results to check (when skelmae.results is not given).
     *
     * @since 0.1.0
     */
    @Parameter(property = "suite")
    String suite;

    /**
     * Baseline file; default: the one shipped for the suite and the results' engine (skelmae/baselines/&lt;suite&gt;.json,
     * or &lt;suite&gt;.&lt;engine&gt;.json for an engine other than ND4J, on the classpath), or when updating, that file under
     * benchmarks/src/main/resources of this checkout.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.baseline")
    File baseline;

    /**
     * Accept the current results as the new baseline (writes the baseline file; review and commit it).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.updateBaseline", defaultValue = "false")
    boolean updateBaseline;

    /**
     * Fail the build on a regression (otherwise only report it).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.haltOnFailure", defaultValue = "true")
    boolean haltOnFailure;

    /**
     * Fail also when a metric is better than the baseline by more than its tolerance: numbers that move without
     * a known reason are suspect in a reproducibility gate. Set false to let improvements pass.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.failOnImprovement", defaultValue = "true")
    boolean failOnImprovement;

    /**
     * A history file (JSON Lines) to append this check's record to: commit, date, CPU, engine, suite, whether the check
     * failed, and every gated metric's baseline mean, tolerance, actual value and status. Created when absent;
     * {@code skelmae:report -Dskelmae.history=<file>} draws it as trend.html. Keep it outside the working tree's
     * committed files (a CI artifact or cache, or a separate branch). Not written when updating the baseline.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.history")
    File history;

    @Override
    protected void executeMojo() throws Exception {
        Path file = SuiteResults.locate(executionRoot(), results, suite, output());
        SuiteResult r = SuiteResults.read(file);
        String name = r.suite().name();
        String engine = r.environment().get("engine");
        if (updateBaseline) {
            Path target = baseline != null ? executionRoot().resolve(baseline.toPath())
                    : executionRoot().resolve("benchmarks/src/main/resources").resolve(Baseline.resource(name, engine));
            Json.write(target, RegressionCheck.baselineOf(r, "measured by " + r.command()));
            getLog().info("baseline of suite " + name + " written to " + target + ": review it and commit it");
            return;
        }
        Baseline b = loadBaseline(name, engine);
        RegressionCheck.Result result = RegressionCheck.check(r, b, failOnImprovement);
        result.table().forEach(getLog()::info);
        if (history != null) {
            Path h = executionRoot().resolve(history.toPath());
            CheckHistory.append(h, CheckHistory.record(result, r, Instant.now()));
            getLog().info("check recorded in " + h);
        }
        if (result.failed() && haltOnFailure) {
            throw new MojoFailureException("suite " + name + " moved beyond tolerance from its baseline (see the table above). If the "
                    + "change is intended, accept the new numbers with -Dskelmae.updateBaseline=true and commit the baseline");
        }
    }

    private Baseline loadBaseline(String name, String engine) throws Exception {
        if (baseline != null) {
            return Json.read(executionRoot().resolve(baseline.toPath()), Baseline.class);
        }
        getLog().info("baseline: " + Baseline.resource(name, engine));
        Baseline shipped = Baseline.shipped(name, engine);
        if (shipped == null) {
            throw new MojoFailureException("no baseline for suite " + name + " on the " + (engine == null ? Baseline.DEFAULT_ENGINE : engine)
                    + " engine (" + Baseline.resource(name, engine) + "): create one with -Dskelmae.updateBaseline=true, or check against"
                    + " another engine's with -Dskelmae.baseline=<file>");
        }
        return shipped;
    }
}
