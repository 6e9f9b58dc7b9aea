package org.skelmae.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugin.MojoFailureException;
import org.skelmae.reports.ReportWriter;
import org.skelmae.reports.TrendPage;
import org.skelmae.reports.history.CheckHistory;
import org.skelmae.reports.history.CheckRecord;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.suite.SuiteResult;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Renders a suite run as one self-contained HTML page beside the paper's numbers (plus summary.json and
 * summary.md), from the last suite run or a given results file. With -Dskelmae.history it also draws the suite's
 * accuracy over commits (trend.html).
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

    /**
     * Also draw the suite's accuracy over commits as trend.html beside the report, from either a history file that
     * {@code skelmae:check -Dskelmae.history=<file>} appended to, or a folder of earlier results.json files (searched
     * recursively, ordered by the time each was written, each checked against the baseline shipped for its suite and
     * engine when there is one). Only records of the rendered suite are drawn.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.history")
    File history;

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
        if (history != null) {
            writeTrend(r.suite().name(), dir);
        }
    }

    private void writeTrend(String name, Path dir) throws Exception {
        Path h = executionRoot().resolve(history.toPath()).normalize();
        if (!Files.exists(h)) {
            throw new MojoFailureException("history " + h + " does not exist: give the file skelmae:check -Dskelmae.history appends to, "
                    + "or a folder of earlier results.json files");
        }
        List<CheckRecord> records = Files.isDirectory(h) ? CheckHistory.fromResults(h, name, CheckHistory::shippedBaseline, true)
                : CheckHistory.read(h, name);
        if (records.isEmpty()) {
            getLog().warn("no check of suite " + name + " in " + h + ": the trend is empty");
        }
        Path trend = TrendPage.write(name, h.toString(), records, dir, timestamp ? Instant.now().toString() : null);
        getLog().info("trend over " + records.size() + " checks: " + trend.toUri());
    }
}
