package org.skelmae.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.reports.check.Baseline;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.reports.history.CheckHistory;
import org.skelmae.reports.history.CheckRecord;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trend.html: well-formed SVG, a point per check, the tolerance band, failed checks marked, and the trend of a results folder. */
class TrendPageTest {

    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final String METRIC_GROUP = "mae-finetune-100pct";

    private static SuiteResult at(String commit, boolean hostile) {
        SuiteResult r = Fixtures.suite("nwucla-xview", "cpu", 6, false, hostile);
        Map<String, String> env = new LinkedHashMap<>(r.environment());
        env.put("gitCommit", commit);
        env.put("cpu", hostile ? Fixtures.HOSTILE : "Test CPU");
        return new SuiteResult(r.schemaVersion(), r.suite(), r.dataset(), r.synthetic(), r.preset(), r.data(), env, r.executor(), r.command(),
                r.wallSeconds(), r.outcomes(), r.summary(), r.comparisons());
    }

    private static Baseline regressed(SuiteResult r) {
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>();
        for (Baseline.Metric m : own.metrics()) {
            ms.add(m.group().equals(METRIC_GROUP) ? new Baseline.Metric(m.group(), m.metric(), true, m.mean() + 0.06, 0, 1) : m);
        }
        return new Baseline(own.schemaVersion(), own.suite(), own.dataset(), own.preset(), own.note(), own.machine(), own.seeds(), ms);
    }

    /** Three checks: pass, fail (mae-finetune-100pct regressed), pass. */
    private static List<CheckRecord> records(boolean hostile) {
        List<CheckRecord> out = new ArrayList<>();
        String[] commits = {"1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "3333333ccccccccccccccccccccccccccccccccc"};
        for (int i = 0; i < 3; i++) {
            SuiteResult r = at(commits[i], hostile);
            Baseline b = i == 1 ? regressed(r) : RegressionCheck.baselineOf(r, "test");
            out.add(CheckHistory.record(RegressionCheck.check(r, b), r, Instant.parse("2026-11-0" + (i + 1) + "T12:00:00Z")));
        }
        return out;
    }

    private static org.w3c.dom.Document xml(Element svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.outerHtml().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<org.w3c.dom.Element> withClass(org.w3c.dom.Document d, String tag, String cls) {
        NodeList nodes = d.getElementsByTagNameNS(SVG, tag);
        List<org.w3c.dom.Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element chartOf(Document page, String group, String metric) {
        for (Element h : page.select("h2")) {
            if (h.text().equals(group + ": " + metric)) {
                return h.nextElementSibling().selectFirst("svg");
            }
        }
        throw new AssertionError("no chart for " + group + " " + metric);
    }

    @Test
    void everyChartIsWellFormedSvgWithAPointPerCheckTheBandAndFailedChecksMarked() throws Exception {
        List<CheckRecord> records = records(false);
        String html = new TrendPage("ci", "history.jsonl", records, null).render();
        Document page = Jsoup.parse(html);
        List<RegressionCheck.Row> gated = RegressionCheck.check(at("x", false), RegressionCheck.baselineOf(at("x", false), "t")).rows();
        assertEquals(gated.size(), page.select("svg").size(), "one chart per gated metric");
        for (Element svg : page.select("svg")) {
            org.w3c.dom.Document d = xml(svg);
            assertEquals(SVG, d.getDocumentElement().getNamespaceURI());
            assertEquals(3, withClass(d, "circle", "point").size(), "one point per check");
            assertEquals(1, withClass(d, "circle", "failed").size(), "the failed check is marked");
            assertFalse(withClass(d, "rect", "band").isEmpty(), "the tolerance band is shaded");
            assertFalse(withClass(d, "polyline", "baseline").isEmpty(), "the baseline is drawn");
        }

        org.w3c.dom.Document d = xml(chartOf(page, METRIC_GROUP, "test.top1"));
        List<org.w3c.dom.Element> points = withClass(d, "circle", "point");
        org.w3c.dom.Element failed = points.get(1);
        assertTrue(failed.getAttribute("class").contains("failed"), "the second check failed");
        assertEquals(org.skelmae.reports.charts.TrendChart.FAILED, failed.getAttribute("fill"));
        String tip = failed.getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
        assertTrue(tip.contains("2222222") && tip.contains("REGRESSION") && tip.contains("FAILED"), tip);
        assertFalse(points.get(0).getAttribute("class").contains("failed"));
        // the point of the regressed check lies below its band: y grows downwards
        List<org.w3c.dom.Element> bands = withClass(d, "rect", "band");
        assertEquals(3, bands.size(), "a band per check with a baseline");
        org.w3c.dom.Element band = bands.get(1);
        double cx = Double.parseDouble(failed.getAttribute("cx"));
        double bx = Double.parseDouble(band.getAttribute("x"));
        assertTrue(bx < cx && cx < bx + Double.parseDouble(band.getAttribute("width")), "the band spans its check's slot");
        double bandBottom = Double.parseDouble(band.getAttribute("y")) + Double.parseDouble(band.getAttribute("height"));
        assertTrue(Double.parseDouble(band.getAttribute("height")) > 0);
        assertTrue(Double.parseDouble(failed.getAttribute("cy")) > bandBottom, "the regressed value is below its tolerance band");

        // the table under the chart holds the numbers
        Element table = chartOf(page, METRIC_GROUP, "test.top1").parent().nextElementSibling();
        assertEquals("table", table.tagName());
        assertEquals(3, table.select("tbody tr").size());
        assertEquals(1, table.select("tbody tr.failed").size());
        assertTrue(table.select("tbody tr.failed").text().contains("REGRESSION"));
        // overview: the failed check and what failed
        assertTrue(page.select("tr.failed").first().text().contains("mae-finetune-100pct test.top1 (REGRESSION)"));
    }

    @Test
    void thePageIsSelfContainedAndEscapesHostileText() throws Exception {
        String html = new TrendPage("ci", "<b>history</b>", records(true), null).render();
        Document page = Jsoup.parse(html);
        assertTrue(page.select("script, link, img, iframe").isEmpty(), "no script, no external resource");
        assertFalse(html.contains("<script>"), "hostile text is escaped");
        assertFalse(html.contains("<b>history</b>"));
        assertFalse(html.replace(SVG, "").matches("(?s).*(https?:)//.*"), "no external URL");
        for (Element svg : page.select("svg")) {
            xml(svg);
        }
        assertEquals(new TrendPage("ci", "<b>history</b>", records(true), null).render(), html, "deterministic");
    }

    @Test
    void aCheckLackingAMetricGetsAMissingPoint() throws Exception {
        List<CheckRecord> records = new ArrayList<>(records(false));
        CheckRecord last = records.get(2);
        List<CheckRecord.Metric> fewer = last.metrics().stream().filter(m -> !m.group().equals(METRIC_GROUP)).toList();
        records.set(2, new CheckRecord(last.schemaVersion(), last.commit(), last.dirty(), last.date(), last.cpu(), last.engine(), last.suite(),
                last.dataset(), last.preset(), last.failed(), fewer));
        Document page = Jsoup.parse(new TrendPage("ci", "h", records, null).render());
        org.w3c.dom.Document d = xml(chartOf(page, METRIC_GROUP, "test.top1"));
        assertEquals(3, withClass(d, "circle", "point").size());
        assertEquals(1, withClass(d, "circle", "missing").size());
    }

    @Test
    void theTrendOfAFolderOfResults(@TempDir Path dir) throws Exception {
        String[] commits = {"aaaaaaa1111111111111111111111111111111111", "bbbbbbb2222222222222222222222222222222222", "ccccccc3333333333333333333333333333333333"};
        for (int i = 0; i < 3; i++) {
            Path f = dir.resolve("run" + i).resolve("ci").resolve("results.json");
            Json.write(f, at(commits[i], false));
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-10-1" + i + "T00:00:00Z")));
        }
        List<CheckRecord> records = CheckHistory.fromResults(dir, "ci",
                r -> r.environment().get("gitCommit").startsWith("bbbbbbb") ? regressed(r) : RegressionCheck.baselineOf(r, "t"), true);
        Path out = dir.resolve("report");
        Path html = TrendPage.write("ci", dir.toString(), records, out, null);
        assertEquals(out.resolve("trend.html"), html);
        Document page = Jsoup.parse(Files.readString(html));
        org.w3c.dom.Document d = xml(chartOf(page, METRIC_GROUP, "test.top1"));
        assertEquals(3, withClass(d, "circle", "point").size());
        assertEquals(1, withClass(d, "circle", "failed").size());
        String labels = d.getDocumentElement().getTextContent();
        assertTrue(labels.contains("aaaaaaa") && labels.contains("2026-10-10") && labels.contains("ccccccc"), labels);
        assertTrue(labels.indexOf("aaaaaaa") < labels.indexOf("bbbbbbb") && labels.indexOf("bbbbbbb") < labels.indexOf("ccccccc"), "in order");

        // without baselines: values only, no band, nothing failed
        List<CheckRecord> plain = CheckHistory.fromResults(dir, "ci", r -> null, true);
        Document valuesOnly = Jsoup.parse(new TrendPage("ci", dir.toString(), plain, null).render());
        org.w3c.dom.Document v = xml(chartOf(valuesOnly, METRIC_GROUP, "test.top1"));
        assertEquals(3, withClass(v, "circle", "point").size());
        assertTrue(withClass(v, "rect", "band").isEmpty());
        assertTrue(withClass(v, "circle", "failed").isEmpty());
        assertFalse(withClass(v, "polyline", "actual").isEmpty());
    }
}
