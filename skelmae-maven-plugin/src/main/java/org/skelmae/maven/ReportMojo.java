package org.skelmae.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.reports.ReportWriter;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.suite.SuiteResult;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Renders a suite run as one self-contained HTML page beside the paper's numbers (plus summary.json and
 * summary.md), from the last suite run or a given results file.
 *
 * @since 0.1.0
 */
@Mojo(name = "report", aggregator = true, requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractSkelmaeMojo {

    /**
     * The results.json of a suite run; default: the given suite's, else the most recent under the output directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.results")
    File results;

    /**
     * Suite whose results to render (when skelmae.results is not given).
     *
     * @since 0.1.0
     */
    @Parameter(property = "suite")
    String suite;

    /**
     * Print the generation time in the page (off by default, so the same results give the same bytes).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.reportTimestamp", defaultValue = "false")
    boolean timestamp;

    @Override
    protected void executeMojo() throws Exception {
        Path file = SuiteResults.locate(executionRoot(), results, suite, output());
        SuiteResult r = SuiteResults.read(file);
        Path dir = file.getParent().resolve("report");
        Path html = ReportWriter.write(r, PaperReferences.load(), dir, timestamp ? Instant.now().toString() : null);
        for (String line : Files.readAllLines(dir.resolve("summary.md"))) {
            getLog().info(line);
        }
        getLog().info("report: " + html.toUri());
    }
}
