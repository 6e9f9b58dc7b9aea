package org.skelmae.reports;

import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.AtomicFiles;
import org.skelmae.util.Json;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a suite's report: {@code index.html} (self-contained: inline CSS and SVG, no network),
 * {@code summary.json} and {@code summary.md}, into a folder.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * @param generated a generation time to print in the page, or null (reproducible output)
     * @return the HTML file
     */
    public static Path write(SuiteResult result, PaperReferences references, Path dir, String generated) throws IOException {
        ReportModel model = ReportModel.of(result, references);
        Path html = dir.resolve("index.html");
        AtomicFiles.writeString(html, new SuitePage(model, generated).render());
        ReportSummary summary = ReportSummary.of(model);
        Json.write(dir.resolve("summary.json"), summary);
        AtomicFiles.writeString(dir.resolve("summary.md"), summary.markdown());
        return html;
    }
}
