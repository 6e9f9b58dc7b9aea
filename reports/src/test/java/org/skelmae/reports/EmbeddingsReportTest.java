package org.skelmae.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.evaluation.Embeddings;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Embeddings" section of the suite report. */
class EmbeddingsReportTest {

    private static final int SAMPLES = 60;
    private static final List<String> CLASSES = List.of("wave", Fixtures.HOSTILE, "stand up");

    @TempDir
    Path tmp;

    /** Pre-trained features in three separated clusters, random-init features pure noise. */
    private static Embeddings embeddings(ExperimentConfig c) {
        SplittableRandom rng = new SplittableRandom(c.seed() * 31 + c.experiment().length());
        int[] indices = new int[SAMPLES];
        int[] labels = new int[SAMPLES];
        float[][] trained = new float[SAMPLES][8];
        float[][] random = new float[SAMPLES][8];
        for (int i = 0; i < SAMPLES; i++) {
            indices[i] = 100 + 2 * i;
            labels[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                trained[i][j] = (float) ((j % 3 == labels[i] ? 8 : 0) + rng.nextDouble());
                random[i][j] = (float) rng.nextDouble();
            }
        }
        return new Embeddings(Embeddings.SCHEMA_VERSION, c.experiment(), c.seed(), "sttformer", "pooled", "last epoch", 9, CLASSES,
                indices, labels, trained, random);
    }

    private Path writeFiles(SuiteResult r, boolean skipSecondSeed) throws Exception {
        Path output = tmp.resolve("out");
        for (ExperimentOutcome o : r.outcomes()) {
            ExperimentConfig c = o.experiment().config();
            if (c.kind() == RunKind.PRETRAIN && !(skipSecondSeed && c.seed() == 2)) {
                Path dir = RunDirectory.of(output, c);
                Files.createDirectories(dir);
                embeddings(c).write(dir);
            }
        }
        Path report = output.resolve(r.suite().name()).resolve("report");
        Files.createDirectories(report);
        return report;
    }

    @Test
    void mapsEachMethodBesideTheRandomEncoderAndMeasuresTheSeparationOverSeeds() throws Exception {
        SuiteResult r = Fixtures.suite("synthetic", "tiny", 2, true, false);
        Path report = writeFiles(r, false);
        String text = Files.readString(ReportWriter.write(r, SuitePageTest.REFS, report, null));
        Document d = Jsoup.parse(text);
        Element section = d.selectFirst("section#embeddings");
        assertTrue(section != null, "the section is there");
        List<String> captions = section.select("figure.embedding figcaption").eachText();
        assertEquals(3, captions.size(), "the random encoder, then SkeletonMAE and SkeletonMVQVAE: " + captions);
        assertTrue(captions.get(0).startsWith("random initialisation"), captions.get(0));
        assertTrue(captions.get(1).contains("mae-pretrain") && captions.get(1).contains("seed 1"), "the first seed's map: " + captions.get(1));
        assertTrue(captions.get(1).contains("5-NN top-1 100.00%"), "separated clusters: " + captions.get(1));
        for (Element svg : section.select("svg.embedding")) {
            assertEquals(SAMPLES, svg.select("circle.pt").size(), "a dot per sample");
            assertEquals(CLASSES.size(), svg.select("g.legend").size(), "a legend entry per class");
        }
        assertTrue(section.select("figure.embedding div.muted").first().text().contains("PCA")
                || section.select("figure.embedding div.muted").first().text().contains("t-SNE"), "the projection is named");
        List<List<String>> rows = section.select("tbody tr").stream().map(tr -> tr.select("td").eachText()).toList();
        assertEquals(2, rows.size(), "one row per pre-training experiment: " + rows);
        assertEquals(List.of("mae-pretrain", "2", "100.00"), List.of(rows.get(0).get(0), rows.get(0).get(2), rows.get(0).get(3)),
                "experiment, seeds, k-NN of the trained features");
        assertTrue(rows.get(0).get(4).startsWith("["), "two seeds have an interval: " + rows.get(0));
        assertEquals("1", rows.get(1).get(2), "the MVQVAE experiment has one seed");
        assertEquals("–", rows.get(1).get(4), "one seed has no interval");
        assertTrue(rows.get(0).get(7).startsWith("+"), "pre-training gains over noise: " + rows.get(0));
        assertFalse(text.toLowerCase().contains("<script"), "the hostile class name is escaped");
        assertTrue(d.select("link[href], script[src], img[src]").isEmpty(), "nothing loaded from elsewhere");
    }

    @Test
    void aMissingFileIsNotedAndNoFilesMeanNoSection() throws Exception {
        SuiteResult r = Fixtures.suite("synthetic", "tiny", 2, true, false);
        Path report = writeFiles(r, true);
        Element section = Jsoup.parse(Files.readString(ReportWriter.write(r, SuitePageTest.REFS, report, null))).selectFirst("section#embeddings");
        assertTrue(section.text().contains("mae-pretrain (seed 2): no embeddings.json"), section.text());
        assertEquals("1", section.select("tbody tr").first().select("td").get(2).text(), "the seed that has a file");

        Path bare = tmp.resolve("bare").resolve(r.suite().name()).resolve("report");
        Files.createDirectories(bare);
        assertTrue(Jsoup.parse(Files.readString(ReportWriter.write(r, SuitePageTest.REFS, bare, null))).select("section#embeddings").isEmpty());
    }
}
