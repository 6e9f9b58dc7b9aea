package org.skelmae.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.suite.SuiteResult;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report, parsed: tables, escaping, charts, comparability. */
class SuitePageTest {

    static final PaperReferences REFS = PaperReferences.load();

    @TempDir
    Path tmp;

    static Document render(SuiteResult r) {
        return Jsoup.parse(new SuitePage(ReportModel.of(r, REFS), null).render());
    }

    @Test
    void cpuScaleOnNwUclaShowsThePaperAsReferenceWithoutDifferences() {
        Document d = render(Fixtures.suite("nwucla-xview", "cpu", 6, false, false));
        Element table = d.select("h2:contains(Classification) + p + table").first();
        assertTrue(table != null, "classification table");
        List<String> header = table.select("thead th").eachText();
        assertTrue(header.stream().noneMatch(h -> h.startsWith("Δ")), "no difference column when not comparable: " + header);
        Element mae = table.select("tr:has(td:contains(mae-finetune-100pct))").first();
        List<String> cells = cells(mae);
        assertEquals("SkeletonMAE", cells.get(1));
        assertTrue(header.get(4).contains("last epoch") && header.get(7).contains("optimistic"), "headline and paper protocol: " + header);
        assertEquals("81.00 ± 2.00", cells.get(4), "last epoch 79, 81, 83");
        assertEquals("[76.03, 85.97]", cells.get(5), "81 ± 4.303 · 2 / √3");
        assertEquals("3", cells.get(6));
        assertEquals("82.00", cells.get(7), "best on test 80, 82, 84");
        assertEquals("80.00", cells.get(8), "held-out: 15 samples for 3 classes meets the rule");
        assertEquals("86.60", cells.get(9), "paper Table 1 NTU-60 X-sub as reference");
        assertTrue(cells.get(10).contains("Table 1"));
        List<String> semi = cells(table.select("tr:has(td:contains(mae-finetune-10pct))").first());
        assertEquals("54.00", semi.get(4), "a single run has no ±");
        assertEquals("–", semi.get(5), "and no interval");
        assertEquals("–", semi.get(8), "6 held out for 3 classes is below the rule");
        assertEquals("73.00", semi.get(9), "Table 2 SkeletonMAE 10% X-sub");
        Element scratch = table.select("tr:has(td:contains(scratch-100pct))").first();
        assertEquals("–", scratch.select("td").get(9).text());
        assertTrue(scratch.text().contains("no from-scratch control"));
        assertTrue(d.text().contains("The paper column is a reference"), "says why");
        assertTrue(d.text().contains("the data is nwucla-xview"));
    }

    /** Cell texts of a row, empty cells included (jsoup's eachText drops them). */
    static List<String> cells(Element row) {
        return row.select("td").stream().map(Element::text).toList();
    }

    @Test
    void paperScaleOnNtuIsComparedWithDifferences() {
        Document d = render(Fixtures.suite("ntu60-xsub", "paper", 200, false, false));
        Element table = d.select("h2:contains(Classification) + p + table").first();
        assertTrue(table.select("thead th").eachText().contains("Δ (best on test − paper)"));
        Element mvq = table.select("tr:has(td:contains(mvqvae-finetune-100pct))").first();
        List<String> cells = cells(mvq);
        assertEquals("88.00", cells.get(9));
        assertEquals("−3.00", cells.get(11), "best on test 85.00 − 88.00: the paper's protocol on both sides");
        assertEquals("84.00", cells.get(4), "the headline stays the last epoch");
    }

    @Test
    void comparisonsShowIntervalsVerdictsAndAForestPlot() {
        Document d = render(Fixtures.suite("nwucla-xview", "cpu", 6, false, false));
        Element table = d.select("h2:contains(Comparisons) + p + table").first();
        assertTrue(table != null, "comparisons table");
        assertTrue(d.select("h2:contains(Comparisons) + p").text().contains("not corrected for multiple comparisons"));
        List<String> scratch = cells(table.select("tr:has(td:contains(mae-finetune-100pct − scratch-100pct))").first());
        // differences 20, 19, 24 points: 21 ± 4.303 · 2.6458 / √3
        assertEquals(List.of("mae-finetune-100pct − scratch-100pct", "test.top1", "+21.00", "[14.43, 27.57]", "3", "paired t over 3 seeds",
                "better"), scratch);
        List<String> mvq = cells(table.select("tr:has(td:contains(mvqvae-finetune-100pct − mae-finetune-100pct))").first());
        assertEquals("+5.00", mvq.get(2), "84 − 79 from the saved predictions");
        assertEquals("paired bootstrap over 100 test samples", mvq.get(5));
        assertEquals("no detectable difference", mvq.get(6), "8 against 3 discordant samples");
        List<String> failed = cells(table.select("tr:has(td:contains(mvqvae-finetune-10pct − mae-finetune-10pct))").first());
        assertEquals(List.of("–", "–", "0", "not enough runs"), List.of(failed.get(2), failed.get(3), failed.get(4), failed.get(6)));
        Element forest = d.select("h2:contains(Comparisons) ~ figure svg").first();
        assertTrue(forest != null, "forest plot");
        assertEquals(table.select("tbody tr").size(), forest.select("text[text-anchor=end]:contains(−)").size(), "one labelled row per comparison");
        assertEquals(3, forest.select("circle").size(), "a point per difference (the failed comparison has none)");
        assertEquals(0, forest.select("circle[fill=white]").size(), "all three have an interval, so no hollow point");
        assertEquals(3, forest.select("line[stroke-width=2]:has(title)").size(), "an interval line per difference");
        assertEquals(1, forest.select("line[stroke-dasharray]").size(), "the zero line");
    }

    @Test
    void hostileStringsAreEscapedEverywhere() {
        String html = new SuitePage(ReportModel.of(Fixtures.suite("nwucla-xview", "cpu", 6, false, true), REFS), null).render();
        Document d = Jsoup.parse(html);
        assertTrue(d.select("script").isEmpty(), "no script element");
        assertTrue(d.select("img").isEmpty(), "no img element");
        assertTrue(d.text().contains(Fixtures.HOSTILE), "shown as text");
        assertFalse(html.contains("<script>alert"), "never raw");
    }

    @Test
    void everySvgIsWellFormedXml() throws Exception {
        Document d = render(Fixtures.suite("nwucla-xview", "cpu", 6, false, true));
        List<Element> svgs = d.select("svg");
        assertTrue(svgs.size() >= 6, "bars, accuracy curves, loss curves, codebook, heat maps: " + svgs.size());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        for (Element svg : svgs) {
            String xml = svg.outerHtml();
            f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(d.select("h2:contains(Charts) ~ figure figcaption").eachText().stream().anyMatch(t -> t.contains("codebook usage")));
    }

    @Test
    void syntheticDataIsLabelledAndThePageIsSelfContained() throws Exception {
        SuiteResult r = Fixtures.suite("synthetic", "tiny", 2, true, false);
        Path html = ReportWriter.write(r, REFS, tmp, null);
        String text = Files.readString(html);
        Document d = Jsoup.parse(text);
        assertTrue(d.select(".banner.warn").text().contains("SYNTHETIC data"));
        assertTrue(d.select("link[href], script[src], img[src]").isEmpty(), "nothing loaded from elsewhere");
        String withoutSvgNamespace = text.replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://"),
                "no external URLs except the SVG namespace");
        assertTrue(Files.exists(tmp.resolve("summary.json")) && Files.exists(tmp.resolve("summary.md")));
        assertEquals(text, new SuitePage(ReportModel.of(r, REFS), null).render(), "same results, same bytes (no timestamp)");
    }

    @Test
    void eachFamilysRunsAreDescribedInItsOwnTerms() {
        Document d = render(Fixtures.withGraphFamily(Fixtures.suite("nwucla-xview", "cpu", 6, false, false)));
        String models = d.select("th:contains(Model) + td").eachText().toString();
        assertTrue(models.contains("tiny-gin-mae (graph family): 1 GIN layers of width 8, 1 STRL layers, masking regions:right_arm,right_leg, T = 8"),
                models);
        assertTrue(models.contains("tiny-mae: encoder"), models);
        assertTrue(d.select("h2:contains(Experiments) ~ h3").text().contains("gin-mae-finetune-100pct"));
    }

    @Test
    void failedExperimentsAreListed() {
        Document d = render(Fixtures.suite("nwucla-xview", "cpu", 6, false, false));
        assertTrue(d.select("h2:contains(did not succeed) + ul li").text().contains("diverged at epoch 2 iteration 3"));
    }
}
