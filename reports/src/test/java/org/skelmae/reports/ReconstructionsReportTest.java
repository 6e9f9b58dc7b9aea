package org.skelmae.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.JointLayout;
import org.skelmae.reports.charts.SkeletonStrip;
import org.skelmae.run.RunDirectory;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;
import org.skelmae.training.Reconstructions;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Reconstructions" section of the suite report and its drawings. */
class ReconstructionsReportTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path tmp;

    private static org.w3c.dom.Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document x = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SVG, x.getDocumentElement().getNamespaceURI());
        return x;
    }

    private static int count(org.w3c.dom.Document x, String element, String cls) {
        NodeList n = x.getElementsByTagNameNS(SVG, element);
        int c = 0;
        for (int i = 0; i < n.getLength(); i++) {
            String k = ((org.w3c.dom.Element) n.item(i)).getAttribute("class");
            if (List.of(k.split(" ")).containsAll(List.of(cls.split(" ")))) {
                c++;
            }
        }
        return c;
    }

    @Test
    void stripsDrawEveryBoneOfTruthAndReconstructionAndRingExactlyTheMaskedJoints() throws Exception {
        for (JointLayout layout : List.of(JointLayout.KINECT_V2, JointLayout.KINECT_V1, JointLayout.COCO_17)) {
            for (int persons = 1; persons <= 2; persons++) {
                Reconstructions r = Fixtures.reconstructions("mae-pretrain", 1, layout, persons, true, 0.05f, "wave");
                Reconstructions.Sequence s = r.sequences().get(0);
                int[] picks = {0, 1, 3, 5};
                org.w3c.dom.Document x = parse(SkeletonStrip.reconstructionSvg("t", r, s, picks));
                int bones = layout.bones().size();
                String what = layout.name() + ", " + persons + " persons";
                for (int p = 1; p <= persons; p++) {
                    assertEquals(bones * picks.length, count(x, "line", "truth body" + p), "truth lines of body " + p + ", " + what);
                    assertEquals(bones * picks.length, count(x, "line", "recon body" + p), "reconstruction lines of body " + p + ", " + what);
                }
                assertEquals(2 * persons * bones * picks.length, count(x, "line", "bone"), "nothing else is a bone, " + what);
                // the rings mark exactly the masked (frame, body, joint) triples
                Set<String> expected = new HashSet<>();
                for (Reconstructions.Person p : s.persons()) {
                    for (int i : picks) {
                        for (int j : p.masked()[i]) {
                            expected.add(s.frames()[i] + "/" + (p.person() + 1) + "/" + j);
                        }
                    }
                }
                Set<String> rings = new HashSet<>();
                NodeList circles = x.getElementsByTagNameNS(SVG, "circle");
                int ringCount = 0;
                for (int i = 0; i < circles.getLength(); i++) {
                    org.w3c.dom.Element c = (org.w3c.dom.Element) circles.item(i);
                    if (!c.getAttribute("class").startsWith("masked")) {
                        continue;
                    }
                    ringCount++;
                    org.w3c.dom.Element frame = (org.w3c.dom.Element) c.getParentNode().getParentNode();
                    String body = c.getAttribute("class").replace("masked body", "");
                    rings.add(frame.getAttribute("data-frame") + "/" + body + "/" + c.getAttribute("data-joint"));
                    String tip = c.getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
                    assertTrue(tip.contains(layout.jointNames().get(Integer.parseInt(c.getAttribute("data-joint")))) && tip.contains("squared error"), tip);
                }
                assertEquals(expected, rings, "rings on the masked joints, " + what);
                assertEquals(expected.size(), ringCount, "one ring per masked joint, " + what);
                assertTrue(x.getDocumentElement().getTextContent().contains("reconstruction error"), "the error under the strip");
                // every line carries its numbers
                NodeList lines = x.getElementsByTagNameNS(SVG, "line");
                for (int i = 0; i < lines.getLength(); i++) {
                    String tip = ((org.w3c.dom.Element) lines.item(i)).getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
                    assertTrue(tip.matches(".*\\(-?\\d+\\.\\d{3}, -?\\d+\\.\\d{3}, -?\\d+\\.\\d{3}\\).*"), tip);
                }

                org.w3c.dom.Document a = parse(SkeletonStrip.animationSvg("t", r, s));
                assertEquals(s.frames().length * persons, count(a, "path", "truth"), "a ground-truth skeleton per frame and body");
                assertEquals(s.frames().length * persons, count(a, "path", "recon"), "a reconstruction per frame and body");
                assertEquals(1, a.getElementsByTagNameNS(SVG, "style").getLength(), "CSS animation");
                assertEquals(0, a.getElementsByTagNameNS(SVG, "script").getLength(), "no script");
            }
        }
    }

    @Test
    void aGraphFamilyFileDrawsTheTruthAndTheMaskedJointsOnly() throws Exception {
        Reconstructions r = Fixtures.reconstructions("gin-mae-pretrain", 1, JointLayout.COCO_17, 2, false, 0, "wave");
        Reconstructions.Sequence s = r.sequences().get(1);
        org.w3c.dom.Document x = parse(SkeletonStrip.reconstructionSvg("t", r, s, new int[]{0, 1}));
        assertEquals(2 * 2 * JointLayout.COCO_17.bones().size(), count(x, "line", "truth"));
        assertEquals(0, count(x, "line", "recon"));
        int masked = 0;
        for (Reconstructions.Person p : s.persons()) {
            masked += p.masked()[0].length + p.masked()[1].length;
        }
        assertEquals(masked, count(x, "circle", "masked"));
        org.w3c.dom.Document a = parse(SkeletonStrip.animationSvg("t", r, s));
        assertEquals(0, count(a, "path", "recon"));
    }

    @Test
    void theSuitePageShowsEveryPretrainingMethodsFirstSeedSideBySideAndStaysSelfContained() throws Exception {
        SuiteResult r = Fixtures.suite("synthetic", "tiny", 2, true, false);
        Path output = tmp.resolve("out");
        Path report = output.resolve(r.suite().name()).resolve("report");
        Files.createDirectories(report);
        for (ExperimentOutcome o : r.outcomes()) {
            if (o.experiment().config().kind() == org.skelmae.run.RunKind.PRETRAIN) {
                Path dir = RunDirectory.of(output, o.experiment().config());
                Files.createDirectories(dir);
                // the second seed's error would show if the section took it instead of the first seed's
                float offset = o.experiment().config().seed() == 1 ? 0.05f : 0.5f;
                Fixtures.reconstructions(o.experiment().config().experiment(), o.experiment().config().seed(), JointLayout.KINECT_V2, 2, true,
                        offset, Fixtures.HOSTILE).write(dir);
            }
        }
        Path html = ReportWriter.write(r, SuitePageTest.REFS, report, null);
        String text = Files.readString(html);
        Document d = Jsoup.parse(text);
        Element section = d.selectFirst("section#reconstructions");
        assertTrue(section != null, "the section is there");
        assertEquals(List.of("Test sequence 5: wave", "Test sequence 9: " + Fixtures.HOSTILE), section.select("h3").eachText());
        List<String> captions = section.select("figure.reconstruction figcaption").eachText();
        assertEquals(4, captions.size(), "two sequences × two methods: " + captions);
        assertTrue(captions.get(0).contains("mae-pretrain") && captions.get(0).contains("seed 1"), captions.get(0));
        assertTrue(captions.get(1).contains("mvqvae-pretrain"), captions.get(1));
        assertFalse(section.text().contains("0.0833"), "the first seed's runs, not seed 2's (error 0.0833)");
        assertTrue(section.text().contains("reconstruction error 0.000833"), section.text());
        assertEquals(8, section.select("svg.reconstruction-strip, svg.reconstruction-animation").size());
        assertTrue(d.select("script").isEmpty(), "no script element");
        assertFalse(text.toLowerCase().contains("<script"), "no script, the hostile class name escaped");
        assertTrue(d.select("link[href], script[src], img[src]").isEmpty(), "nothing loaded from elsewhere");
        String rest = text.replace("http://www.w3.org/2000/svg", "");
        assertFalse(rest.contains("http://") || rest.contains("https://"), "no external URLs except the SVG namespace");
        for (Element svg : section.select("svg.reconstruction-strip, svg.reconstruction-animation")) {
            parse(svg.outerHtml());
        }
    }

    @Test
    void withoutAnyFileThereIsNoSection() throws Exception {
        SuiteResult r = Fixtures.suite("synthetic", "tiny", 2, true, false);
        Path report = tmp.resolve("out").resolve(r.suite().name()).resolve("report");
        Files.createDirectories(report);
        String text = Files.readString(ReportWriter.write(r, SuitePageTest.REFS, report, null));
        assertTrue(Jsoup.parse(text).select("section#reconstructions").isEmpty());
    }
}
