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
        assertFalse(header.contains("Δ"), "no difference column when not comparable: " + header);
        Element mae = table.select("tr:has(td:contains(mae-finetune-100pct))").first();
        List<String> cells = cells(mae);
        assertEquals("SkeletonMAE", cells.get(1));
        assertEquals("80.00 ± 0.00", cells.get(4));
        assertEquals("86.60", cells.get(8), "paper Table 1 NTU-60 X-sub as reference");
        assertTrue(cells.get(9).contains("Table 1"));
        Element semi = table.select("tr:has(td:contains(mae-finetune-10pct))").first();
        assertEquals("73.00", semi.select("td").get(8).text(), "Table 2 SkeletonMAE 10% X-sub");
        Element scratch = table.select("tr:has(td:contains(scratch-100pct))").first();
        assertEquals("–", scratch.select("td").get(8).text());
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
        assertTrue(table.select("thead th").eachText().contains("Δ"));
        Element mvq = table.select("tr:has(td:contains(mvqvae-finetune-100pct))").first();
        List<String> cells = cells(mvq);
        assertEquals("88.00", cells.get(8));
        assertEquals("−3.00", cells.get(10), "85.00 − 88.00");
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
        assertFalse(text.contains("http://") && !text.contains("http://www.w3.org/2000/svg") , "no external URLs except the SVG namespace");
        assertTrue(Files.exists(tmp.resolve("summary.json")) && Files.exists(tmp.resolve("summary.md")));
        assertEquals(text, new SuitePage(ReportModel.of(r, REFS), null).render(), "same results, same bytes (no timestamp)");
    }

    @Test
    void failedExperimentsAreListed() {
        Document d = render(Fixtures.suite("nwucla-xview", "cpu", 6, false, false));
        assertTrue(d.select("h2:contains(did not succeed) + ul li").text().contains("diverged at epoch 2 iteration 3"));
    }
}
