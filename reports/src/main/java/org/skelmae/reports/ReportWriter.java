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
        // the report folder sits in the suite's folder (<output>/<suite>/report), beside the run directories
        Path suiteDir = dir.toAbsolutePath().getParent();
        return write(result, references, dir, generated, suiteDir == null ? null : suiteDir.getParent());
    }

    /**
     * @param generated a generation time to print in the page, or null (reproducible output)
     * @param output    the folder that holds the suite's folder and so its run directories (their
     *                  {@code reconstructions.json} and {@code embeddings.json} files are drawn), or null for none
     * @return the HTML file
     */
    public static Path write(SuiteResult result, PaperReferences references, Path dir, String generated, Path output) throws IOException {
        ReportModel model = ReportModel.of(result, references);
        ReconstructionSection reconstructions = output == null ? ReconstructionSection.EMPTY : ReconstructionSection.load(result, output);
        EmbeddingSection embeddings = output == null ? EmbeddingSection.EMPTY : EmbeddingSection.load(result, output);
        Path html = dir.resolve("index.html");
        AtomicFiles.writeString(html, new SuitePage(model, generated, reconstructions, embeddings).render());
        ReportSummary summary = ReportSummary.of(model);
        Json.write(dir.resolve("summary.json"), summary);
        AtomicFiles.writeString(dir.resolve("summary.md"), summary.markdown());
        return html;
    }
}
