package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.reports.check.Baseline;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a suite run with its committed baseline for the run's engine (benchmarks module,
 * skelmae/baselines/&lt;suite&gt;.json for ND4J, &lt;suite&gt;.&lt;engine&gt;.json for another),
 * prints the table and fails the build when a metric moved beyond its tolerance (derived from the
 * baseline's spread over seeds, see {@link org.skelmae.stats.GateTolerance}) or is missing. It says when the
 * baseline came from another machine or other seeds. With -Dskelmae.updateBaseline=true it writes the
 * current means, spreads, seeds and machine as the new baseline instead.
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

    @Override
    protected void executeMojo() throws Exception {
        Path file = SuiteResults.locate(executionRoot(), results, suite, output());
        SuiteResult r = SuiteResults.read(file);
        String name = r.suite().name();
        String resource = Baseline.resource(name, r.environment().get("engine"));
        if (updateBaseline) {
            Path target = baseline != null ? executionRoot().resolve(baseline.toPath())
                    : executionRoot().resolve("benchmarks/src/main/resources").resolve(resource);
            Json.write(target, RegressionCheck.baselineOf(r, "measured by " + r.command()));
            getLog().info("baseline of suite " + name + " written to " + target + ": review it and commit it");
            return;
        }
        Baseline b = loadBaseline(name, resource);
        RegressionCheck.Result result = RegressionCheck.check(r, b, failOnImprovement);
        result.table().forEach(getLog()::info);
        if (result.failed() && haltOnFailure) {
            throw new MojoFailureException("suite " + name + " moved beyond tolerance from its baseline (see the table above). If the "
                    + "change is intended, accept the new numbers with -Dskelmae.updateBaseline=true and commit the baseline");
        }
    }

    private Baseline loadBaseline(String name, String resource) throws Exception {
        if (baseline != null) {
            return Json.read(executionRoot().resolve(baseline.toPath()), Baseline.class);
        }
        getLog().info("baseline: " + resource);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new MojoFailureException("no baseline for suite " + name + " on this engine (" + resource + "): create one with "
                        + "-Dskelmae.updateBaseline=true, or check against another engine's with -Dskelmae.baseline=<file>");
            }
            return Json.read(in, resource, Baseline.class, Json.mapper());
        }
    }
}
