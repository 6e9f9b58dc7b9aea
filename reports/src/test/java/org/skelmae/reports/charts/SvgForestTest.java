package org.skelmae.reports.charts;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forest plot: geometry against zero, rows without an interval, escaping. */
class SvgForestTest {

    private static final String HOSTILE = "<script>alert(1)</script>&";

    @Test
    void pointsIntervalsAndTheZeroLineSitWhereTheValuesSay() throws Exception {
        String svg = Svg.forest("t", "points", List.of(
                new Svg.ForestRow("a − b", 5.0, 1.0, 9.0, "better", "#009E73"),
                new Svg.ForestRow("c − b", -2.0, -6.0, 2.0, "no detectable difference", "#555555"),
                new Svg.ForestRow("d − b", 3.0, null, null, "not enough runs", "#555555"),
                new Svg.ForestRow(HOSTILE, null, null, null, HOSTILE, "#555555")));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertFalse(svg.contains("<script>"), "escaped");
        Element doc = Jsoup.parse(svg, "", Parser.xmlParser());
        List<Element> circles = doc.select("circle");
        assertEquals(3, circles.size(), "no point without an estimate");
        assertEquals("white", circles.get(2).attr("fill"), "hollow without an interval");
        Element zero = doc.select("line[stroke-dasharray]").first();
        double x0 = Double.parseDouble(zero.attr("x1"));
        double xA = Double.parseDouble(circles.get(0).attr("cx"));
        double xC = Double.parseDouble(circles.get(1).attr("cx"));
        assertTrue(xA > x0 && xC < x0, "positive right of zero, negative left");
        List<Element> intervals = doc.select("line[stroke-width=2]:has(title)");
        assertEquals(2, intervals.size(), "no invented interval for the rows without one");
        double lowA = Double.parseDouble(intervals.get(0).attr("x1"));
        double highC = Double.parseDouble(intervals.get(1).attr("x2"));
        assertTrue(lowA > x0 && highC > x0, "a's interval excludes zero, c's crosses it");
        // the scale is linear: the estimate 5 lies halfway between its bounds 1 and 9
        assertEquals((lowA + Double.parseDouble(intervals.get(0).attr("x2"))) / 2, xA, 0.11);
        assertTrue(doc.text().contains(HOSTILE), "shown as text");
    }
}
