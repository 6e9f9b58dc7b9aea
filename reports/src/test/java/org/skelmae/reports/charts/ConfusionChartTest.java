package org.skelmae.reports.charts;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.skelmae.reports.FixturesAccess;
import org.skelmae.reports.ReportModel;
import org.skelmae.reports.SuitePage;
import org.skelmae.reports.reference.PaperReferences;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The confusion matrix, parsed and checked against the data it draws; the most confused pairs. */
class ConfusionChartTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** A hand-made matrix: rows are true classes, columns predictions. Row totals 48, 50, 40, 10. */
    private static final List<String> NAMES = List.of("walk", "sit", "stand up", "<&> jump");
    private static final int[][] M = {
            {36, 12, 0, 0},
            {3, 40, 5, 2},
            {0, 7, 30, 3},
            {1, 0, 0, 9}};

    /** NW-UCLA's ten actions: long enough that the column labels cannot stay horizontal. */
    private static final List<String> NW_UCLA = List.of("pick up with one hand", "pick up with two hands", "drop trash", "walk around",
            "sit down", "stand up", "donning", "doffing", "throw", "carry");

    /** Parses with a namespace-aware XML parser (must be well-formed SVG), then with jsoup's XML parser for selecting. */
    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG_NS, root.getNamespaceURI());
        return Jsoup.parse(svg, "", Parser.xmlParser());
    }

    private static double num(Element e, String attr) {
        return Double.parseDouble(e.attr(attr));
    }

    private static int rowTotal(int[][] m, int r) {
        int s = 0;
        for (int v : m[r]) {
            s += v;
        }
        return s;
    }

    /** The red channel of the cells' rgb(c,c,255) shade: lower is darker. */
    private static int red(Element rect) {
        Matcher x = Pattern.compile("rgb\\((\\d+),(\\d+),255\\)").matcher(rect.attr("fill"));
        assertTrue(x.matches(), rect.attr("fill"));
        return Integer.parseInt(x.group(1));
    }

    @Test
    void aCellPerPairWithTooltipCountsAndRowShares() throws Exception {
        Document d = parse(ConfusionChart.svg("t", M, NAMES));
        List<Element> cells = d.select("g.cm-cells > rect");
        assertEquals(16, cells.size(), "classes²");
        assertEquals("true walk, predicted sit: 12 of 48 (25.0%)", cells.get(1).selectFirst("title").text());
        assertEquals("true stand up, predicted walk: 0 of 40 (0.0%)", cells.get(8).selectFirst("title").text(), "zero cells keep a tooltip");
        List<Integer> shadeOrder = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                Element cell = cells.get(4 * r + c);
                int support = rowTotal(M, r);
                String expected = String.format(Locale.ROOT, "true %s, predicted %s: %d of %d (%.1f%%)", NAMES.get(r), NAMES.get(c), M[r][c], support,
                        100.0 * M[r][c] / support);
                assertEquals(expected, cell.selectFirst("title").text());
                shadeOrder.add(red(cell));
            }
        }
        // darker exactly when the share of the true class is larger
        for (int a = 0; a < 16; a++) {
            for (int b = 0; b < 16; b++) {
                double sa = M[a / 4][a % 4] / (double) rowTotal(M, a / 4);
                double sb = M[b / 4][b % 4] / (double) rowTotal(M, b / 4);
                if (sa > sb + 0.01) {
                    assertTrue(shadeOrder.get(a) < shadeOrder.get(b), "cell " + a + " darker than " + b);
                }
            }
        }
        // the rows are laid out as a square grid: cell (r, c) sits at column c, row r
        double x0 = num(cells.get(0), "x");
        double y0 = num(cells.get(0), "y");
        double size = num(cells.get(0), "width");
        assertEquals(x0 + 3 * size, num(cells.get(7), "x"), 1e-9);
        assertEquals(y0 + size, num(cells.get(7), "y"), 1e-9);
    }

    @Test
    void eachNonZeroCellShowsItsShareOfTheTrueClassInsideTheCell() throws Exception {
        Document d = parse(ConfusionChart.svg("t", M, NAMES));
        List<Element> cells = d.select("g.cm-cells > rect");
        List<Element> values = d.select("text.cm-value");
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (M[r][c] > 0) {
                    expected.add(Math.round(100.0 * M[r][c] / rowTotal(M, r)) + "%");
                }
            }
        }
        assertEquals(expected, values.stream().map(Element::text).toList(), "row-normalised, zeros left blank");
        assertEquals("25%", values.get(1).text(), "walk → sit: 12 of 48");
        // every number lies inside the cell it describes
        int v = 0;
        for (int i = 0; i < 16; i++) {
            if (M[i / 4][i % 4] == 0) {
                continue;
            }
            Element cell = cells.get(i);
            Element t = values.get(v++);
            double x = num(t, "x");
            double y = num(t, "y");
            assertTrue(x > num(cell, "x") && x < num(cell, "x") + num(cell, "width")
                    && y > num(cell, "y") && y < num(cell, "y") + num(cell, "height"), "value " + t.text() + " inside cell " + i);
        }
        assertEquals("none", values.get(0).attr("pointer-events"), "the number does not hide the cell's tooltip");
    }

    @Test
    void bothAxesAreLabelledWithTheClassNamesAndSaySo() throws Exception {
        Document d = parse(ConfusionChart.svg("t", M, NAMES));
        assertEquals(NAMES, d.select("text.cm-row-label").stream().map(Element::ownText).toList(), "rows");
        assertEquals(NAMES, d.select("text.cm-col-label").stream().map(Element::ownText).toList(), "columns");
        List<String> axes = d.select("text.cm-axis").eachText();
        assertTrue(axes.contains("True class (rows)") && axes.contains("Predicted class (columns)"), axes.toString());
        // each row label is level with its row
        List<Element> cells = d.select("g.cm-cells > rect");
        List<Element> rows = d.select("text.cm-row-label");
        for (int r = 0; r < 4; r++) {
            Element cell = cells.get(4 * r);
            double y = num(rows.get(r), "y");
            assertTrue(y > num(cell, "y") && y < num(cell, "y") + num(cell, "height"), "row label " + r);
            assertTrue(num(rows.get(r), "x") <= num(cell, "x"), "left of the matrix");
        }
    }

    @Test
    void aColourLegendRunsFromZeroToOneHundredPercent() throws Exception {
        Document d = parse(ConfusionChart.svg("t", M, NAMES));
        Element gradient = d.selectFirst("linearGradient");
        assertNotNull(gradient, "a gradient");
        Element bar = d.selectFirst("rect.cm-legend");
        assertEquals("url(#" + gradient.id() + ")", bar.attr("fill"));
        List<Element> stops = gradient.select("stop");
        assertEquals(Svg.blue(0), stops.get(0).attr("stop-color"));
        assertEquals(Svg.blue(1), stops.get(stops.size() - 1).attr("stop-color"));
        assertEquals(d.select("g.cm-cells > rect").get(2).attr("fill"), stops.get(0).attr("stop-color"), "an empty cell has the 0% colour");
        List<String> ticks = d.select("text.cm-tick").eachText();
        assertTrue(ticks.contains("0%") && ticks.contains("100%"), ticks.toString());
        double right = 0;
        for (Element c : d.select("g.cm-cells > rect")) {
            right = Math.max(right, num(c, "x") + num(c, "width"));
        }
        assertTrue(num(bar, "x") > right, "beside the matrix, not over it");
    }

    @Test
    void theMostConfusedPairsIgnoreTheDiagonal() {
        List<ConfusionChart.Pair> pairs = ConfusionChart.mostConfused(M, NAMES, 5);
        // 7 off-diagonal non-zero cells; 3 of 40 (7.5%) ranks above 3 of 50 (6.0%)
        assertEquals(List.of(
                new ConfusionChart.Pair("walk", "sit", 12, 48),
                new ConfusionChart.Pair("stand up", "sit", 7, 40),
                new ConfusionChart.Pair("sit", "stand up", 5, 50),
                new ConfusionChart.Pair("stand up", "<&> jump", 3, 40),
                new ConfusionChart.Pair("sit", "walk", 3, 50)), pairs);
        assertEquals(List.of("25.0%", "17.5%", "10.0%", "7.5%", "6.0%"), pairs.stream().map(ConfusionChart.Pair::percent).toList());

        int[][] few = {{50, 1, 0}, {0, 9, 0}, {0, 2, 3}};
        assertEquals(List.of(new ConfusionChart.Pair("c", "b", 2, 5), new ConfusionChart.Pair("a", "b", 1, 51)),
                ConfusionChart.mostConfused(few, List.of("a", "b", "c"), 5), "fewer than five when fewer cells are confused");
        assertTrue(ConfusionChart.mostConfused(new int[][]{{4, 0}, {0, 6}}, List.of("a", "b"), 5).isEmpty(), "all correct: nothing to list");
    }

    @Test
    void tenClassesKeepTheirNumbersAndTurnLongColumnLabelsSoTheyDoNotOverlap() throws Exception {
        int k = NW_UCLA.size();
        int[][] m = new int[k][k];
        for (int r = 0; r < k; r++) {
            m[r][r] = 20 + r;
            m[r][(r + 1) % k] = r % 3;
        }
        String svg = ConfusionChart.svg("nw-ucla", m, NW_UCLA);
        Document d = parse(svg);
        assertEquals(k * k, d.select("g.cm-cells > rect").size());
        assertEquals(k + 6, d.select("text.cm-value").size(), "diagonal plus the non-zero confusions");
        assertEquals(NW_UCLA, d.select("text.cm-col-label").stream().map(Element::ownText).toList());
        assertColumnLabelsDoNotOverlap(d);
    }

    /**
     * Adjacent column labels clear each other: a horizontal label fits its column (estimated at 0.6 em per
     * character), a turned one has at least its font size between neighbouring baselines; all stay inside the chart.
     */
    private static void assertColumnLabelsDoNotOverlap(Document d) {
        List<Element> labels = d.select("text.cm-col-label");
        double spacing = num(d.select("g.cm-cells > rect").get(1), "x") - num(d.select("g.cm-cells > rect").get(0), "x");
        Element svg = d.selectFirst("svg");
        String[] box = svg.attr("viewBox").split(" ");
        double height = Double.parseDouble(box[3]);
        for (Element l : labels) {
            double font = num(l, "font-size");
            double width = 0.6 * font * l.ownText().length();
            Matcher rot = Pattern.compile("rotate\\(-(\\d+) ").matcher(l.attr("transform"));
            if (!rot.find()) {
                assertTrue(width <= spacing, "horizontal label fits its column: " + l.ownText());
                continue;
            }
            double angle = Math.toRadians(Integer.parseInt(rot.group(1)));
            assertTrue(spacing * Math.sin(angle) >= font, "turned labels " + spacing + " apart clear a font of " + font);
            assertTrue(num(l, "y") + width * Math.sin(angle) <= height, "inside the chart: " + l.ownText());
            assertTrue(num(l, "x") - width * Math.cos(angle) >= 0, "inside the chart on the left: " + l.ownText());
        }
    }

    @Test
    void sixtyAndOneHundredTwentyClassesDropCellTextButKeepTooltipsAndLabels() throws Exception {
        Document ten = parse(ConfusionChart.svg("ten", new int[10][10], NW_UCLA));
        double tenFont = num(ten.selectFirst("text.cm-row-label"), "font-size");
        for (int k : new int[]{60, 120}) {
            List<String> names = new ArrayList<>();
            int[][] m = new int[k][k];
            for (int i = 0; i < k; i++) {
                names.add(String.format(Locale.ROOT, "A%03d action number %d", i + 1, i + 1));
                m[i][i] = 30;
                m[i][(i + 7) % k] = 10;
            }
            Document d = parse(ConfusionChart.svg("ntu", m, names));
            List<Element> cells = d.select("g.cm-cells > rect");
            assertEquals(k * k, cells.size(), k + " classes");
            assertEquals(0, d.select("text.cm-value").size(), "no per-cell text for " + k + " classes");
            assertEquals(k * k, d.select("g.cm-cells > rect > title").size(), "but a tooltip on every cell");
            assertEquals("true A001 action number 1, predicted A008 action number 8: 10 of 40 (25.0%)", cells.get(7).selectFirst("title").text());
            assertEquals(names, d.select("text.cm-row-label").stream().map(Element::ownText).toList());
            assertEquals(names, d.select("text.cm-col-label").stream().map(Element::ownText).toList());
            double font = num(d.selectFirst("text.cm-row-label"), "font-size");
            assertTrue(font <= num(cells.get(0), "height") && (k < 100 || font < tenFont), k + " classes: labels shrink to the rows, font " + font);
            assertColumnLabelsDoNotOverlap(d);
        }
    }

    @Test
    void classNamesAndTitlesAreEscaped() throws Exception {
        String hostile = "<script>alert(1)</script>";
        String svg = ConfusionChart.svg(hostile, M, NAMES);
        Document d = parse(svg);
        assertFalse(svg.contains("<&>") || svg.contains("<script>"), "never raw");
        assertTrue(svg.contains("&lt;&amp;&gt; jump"), "escaped");
        assertEquals("<&> jump", d.select("text.cm-row-label").get(3).ownText(), "shown as text");
        assertEquals("true <&> jump, predicted walk: 1 of 10 (10.0%)", d.select("g.cm-cells > rect").get(12).selectFirst("title").text());
        assertTrue(d.select("script").isEmpty());
        // a long name is shortened on the axis and given whole in a tooltip
        String longName = "a <very> long & winding class name that does not fit";
        Document l = parse(ConfusionChart.svg("t", new int[][]{{1}}, List.of(longName)));
        Element label = l.selectFirst("text.cm-row-label");
        assertTrue(label.ownText().endsWith("…") && label.ownText().length() < longName.length());
        assertEquals(longName, label.selectFirst("title").text());
    }

    @Test
    void theSuitePageShowsTheMostConfusedPairsBesideEachMatrix() {
        ReportModel model = ReportModel.of(FixturesAccess.suite(), PaperReferences.load());
        org.jsoup.nodes.Document page = Jsoup.parse(new SuitePage(model, null).render());
        List<Element> blocks = page.select("div.confusion");
        assertEquals(model.classificationDetails().size(), blocks.size(), "one per experiment shown");
        for (int i = 0; i < blocks.size(); i++) {
            Element block = blocks.get(i);
            assertNotNull(block.selectFirst("div.confusion-matrix > svg"), "the matrix");
            Element table = block.selectFirst("table.confused");
            assertNotNull(table, "an HTML table beside it");
            List<ConfusionChart.Pair> pairs = model.confusedPairs(model.classificationDetails().get(i));
            List<Element> rows = table.select("tbody tr");
            if (pairs.isEmpty()) {
                assertTrue(rows.get(0).text().startsWith("none"));
                continue;
            }
            assertEquals(pairs.size(), rows.size());
            for (int p = 0; p < pairs.size(); p++) {
                ConfusionChart.Pair x = pairs.get(p);
                assertEquals(List.of(x.trueClass(), "→ " + x.predicted(), x.count() + " of " + x.support(), x.percent()),
                        rows.get(p).select("td").eachText());
            }
        }
    }
}
