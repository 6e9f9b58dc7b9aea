package org.skelmae.reports.charts;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding map draws one dot per sample in its class's colour, and a legend entry per class. */
class EmbeddingChartTest {

    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final String HOSTILE = "<script>alert('x')</script> & \"q\"";

    private static org.w3c.dom.Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(org.w3c.dom.Document d, String element, String cls) {
        NodeList n = d.getElementsByTagNameNS(SVG, element);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if (e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void everySampleIsADotOfItsClassInsideTheSquare() throws Exception {
        for (int classes : List.of(3, 10, 60)) {
            int n = 4 * classes + 1;
            double[][] points = new double[n][];
            int[] labels = new int[n];
            int[] samples = new int[n];
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                names.add(k == 1 ? HOSTILE : "class " + k);
            }
            for (int i = 0; i < n; i++) {
                points[i] = new double[]{Math.cos(i) * i, -3 + Math.sin(i)};
                labels[i] = (i * 7) % classes;
                samples[i] = 1000 + i;
            }
            org.w3c.dom.Document d = parse(EmbeddingChart.svg("map of " + HOSTILE, points, labels, samples, names));
            List<Element> dots = withClass(d, "circle", "pt");
            assertEquals(n, dots.size(), classes + " classes: one dot per sample");
            Set<String> colours = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Element dot = dots.get(i);
                assertEquals(String.valueOf(labels[i]), dot.getAttribute("data-class"));
                assertEquals(EmbeddingChart.colour(labels[i], classes), dot.getAttribute("fill"));
                String tip = dot.getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
                assertTrue(tip.startsWith("sample " + samples[i] + ": " + names.get(labels[i])), tip);
                double cx = Double.parseDouble(dot.getAttribute("cx"));
                double cy = Double.parseDouble(dot.getAttribute("cy"));
                assertTrue(cx >= 0 && cx <= 380 && cy >= 0 && cy <= 380, "inside the map: " + cx + ", " + cy);
                colours.add(dot.getAttribute("fill"));
            }
            assertEquals(classes, colours.size(), "a colour per class");
            List<Element> legend = withClass(d, "g", "legend");
            assertEquals(classes, legend.size(), "a legend entry per class");
            assertEquals(HOSTILE, legend.get(1).getElementsByTagNameNS(SVG, "title").item(0).getTextContent(), "class names escaped, intact");
        }
    }

    @Test
    void theMapKeepsItsShapeAndOrientation() throws Exception {
        // a wide map: x spans 10, y spans 1; one scale for both axes, y up
        double[][] points = {{0, 0}, {10, 0}, {10, 1}};
        org.w3c.dom.Document d = parse(EmbeddingChart.svg("t", points, new int[]{0, 0, 0}, new int[]{1, 2, 3}, List.of("a")));
        List<Element> dots = withClass(d, "circle", "pt");
        double x0 = Double.parseDouble(dots.get(0).getAttribute("cx"));
        double x1 = Double.parseDouble(dots.get(1).getAttribute("cx"));
        double y1 = Double.parseDouble(dots.get(1).getAttribute("cy"));
        double y2 = Double.parseDouble(dots.get(2).getAttribute("cy"));
        assertEquals(10 * (y1 - y2), x1 - x0, 0.2, "a unit is as long on both axes");
        assertTrue(y2 < y1, "larger y is drawn higher");
    }
}
