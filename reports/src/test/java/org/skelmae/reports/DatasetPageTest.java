package org.skelmae.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.DatasetSummary;
import org.skelmae.data.InMemoryDataset;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SkippedFile;
import org.skelmae.data.npz.NpzLayout;
import org.skelmae.reports.charts.DatasetCharts;
import org.skelmae.reports.charts.SkeletonStrip;
import org.skelmae.run.DatasetCommand;
import org.skelmae.util.Progress;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dataset page of {@code skelmae:dataset}, rendered from the synthetic set and parsed. */
class DatasetPageTest {

    static final Progress QUIET = new Progress() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }
    };

    private static LoadedDataset synthetic;
    private static String html;
    private static Document page;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        synthetic = new DatasetLoader(LoadOptions.defaults(), QUIET).load(DatasetSpec.parse("synthetic"), null);
        html = new DatasetPage(DatasetSummary.of(synthetic), synthetic, null).render();
        page = Jsoup.parse(html);
    }

    private static String render(LoadedDataset ld) {
        return new DatasetPage(DatasetSummary.of(ld), ld, null).render();
    }

    /** The raw {@code <svg>…</svg>} fragments of a page, as written (not as an HTML parser rewrites them). */
    private static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void everySvgIsWellFormedXmlInTheSvgNamespace() throws Exception {
        List<String> svgs = svgs(html);
        int classes = synthetic.dataset().numClasses();
        // class bars, frame histogram, bodies, one strip per class
        assertEquals(3 + classes, svgs.size(), "charts: " + svgs.size());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        for (String svg : svgs) {
            org.w3c.dom.Document x = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("http://www.w3.org/2000/svg", x.getDocumentElement().getNamespaceURI());
            assertEquals("svg", x.getDocumentElement().getLocalName());
        }
        assertEquals(svgs.size(), page.select("svg").size(), "the HTML parser sees the same charts");
    }

    @Test
    void classBarsHaveOneTrainAndOneTestBarPerClassWithTheSplitsCounts() {
        SkeletonDataset d = synthetic.dataset();
        int[] train = new int[d.numClasses()];
        int[] test = new int[d.numClasses()];
        for (int i : synthetic.split().train()) {
            train[d.info(i).label()]++;
        }
        for (int i : synthetic.split().test()) {
            test[d.info(i).label()]++;
        }
        Element chart = page.select("figure:has(figcaption:contains(Samples per class and split)) svg").first();
        assertNotNull(chart, "class chart");
        for (String split : List.of("train", "test")) {
            Elements bars = chart.select("rect.bar." + split);
            assertEquals(d.numClasses(), bars.size(), split + " bars");
            Set<Integer> labels = new HashSet<>();
            for (Element b : bars) {
                int label = Integer.parseInt(b.attr("data-label"));
                assertTrue(labels.add(label), "one " + split + " bar for class " + label);
                int expected = split.equals("train") ? train[label] : test[label];
                assertEquals(expected, Integer.parseInt(b.attr("data-count")), split + " count of class " + label);
                assertTrue(b.select("title").text().contains(d.classNames().get(label)) && b.select("title").text().endsWith(": " + expected),
                        "tooltip names the class and its count: " + b.select("title").text());
            }
        }
        for (int c = 0; c < d.numClasses(); c++) {
            assertTrue(chart.text().contains(d.classNames().get(c)), "class name drawn: " + d.classNames().get(c));
        }
        // the numbers are in the table as well
        Elements rows = page.select("table#classes tbody tr");
        assertEquals(d.numClasses(), rows.size());
        for (Element r : rows) {
            int label = Integer.parseInt(r.child(0).text());
            assertEquals(d.classNames().get(label), r.child(1).text());
            assertEquals(train[label], Integer.parseInt(r.child(2).text()));
            assertEquals(test[label], Integer.parseInt(r.child(3).text()));
        }
        assertEquals(List.of("train", Integer.toString(synthetic.split().train().length)), page.select("table#splits tbody tr").get(0).children().eachText());
        assertEquals(List.of("test", Integer.toString(synthetic.split().test().length)), page.select("table#splits tbody tr").get(1).children().eachText());
    }

    @Test
    void frameHistogramCountsEverySampleOfEachSplitOnce() {
        Element chart = page.select("figure:has(figcaption:contains(Frame lengths per split)) svg").first();
        assertNotNull(chart);
        int trainBars = chart.select("rect.bin.train").stream().mapToInt(e -> Integer.parseInt(e.attr("data-count"))).sum();
        int testBars = chart.select("rect.bin.test").stream().mapToInt(e -> Integer.parseInt(e.attr("data-count"))).sum();
        assertEquals(synthetic.split().train().length, trainBars);
        assertEquals(synthetic.split().test().length, testBars);
        Elements rows = page.select("table#frames tbody tr");
        assertEquals(chart.select("rect.bin.train").size(), rows.size(), "one table row per bin");
        assertEquals(synthetic.split().train().length, rows.stream().mapToInt(r -> Integer.parseInt(r.child(1).text())).sum());
        assertEquals(synthetic.split().test().length, rows.stream().mapToInt(r -> Integer.parseInt(r.child(2).text())).sum());
    }

    @Test
    void frameBinsCoverTheRangeWithoutGaps() {
        List<DatasetCharts.FrameBin> bins = DatasetCharts.frameBins(new int[]{10, 11, 40}, new int[]{12, 100}, 10);
        assertEquals(10, bins.get(0).low());
        assertEquals(100, bins.get(bins.size() - 1).high());
        for (int i = 1; i < bins.size(); i++) {
            assertEquals(bins.get(i - 1).high() + 1, bins.get(i).low());
        }
        assertEquals(3, bins.stream().mapToInt(DatasetCharts.FrameBin::train).sum());
        assertEquals(2, bins.stream().mapToInt(DatasetCharts.FrameBin::test).sum());
        assertTrue(bins.size() <= 10);
        assertEquals(List.of(), DatasetCharts.frameBins(new int[0], new int[0], 10));
    }

    @Test
    void bodiesTableCountsEverySample() {
        Elements rows = page.select("table#bodies tbody tr");
        assertEquals(1, rows.size(), "synthetic samples have one body each");
        assertEquals(List.of("1", Integer.toString(synthetic.split().train().length), Integer.toString(synthetic.split().test().length),
                Integer.toString(synthetic.split().train().length + synthetic.split().test().length)), rows.get(0).children().eachText());
        Element chart = page.select("figure:has(figcaption:contains(Bodies per sample)) svg").first();
        assertNotNull(chart);
        assertTrue(chart.select("rect title").eachText().stream().anyMatch(t -> t.equals("train: 1 body " + synthetic.split().train().length)),
                "bars carry their counts: " + chart.select("rect title").eachText());
    }

    @Test
    void eachClassStripDrawsEveryBoneInEveryFrameOfItsFirstSample() {
        SkeletonDataset d = synthetic.dataset();
        int bones = d.layout().bones().size();
        Elements figures = page.select("figure.example");
        assertEquals(d.numClasses(), figures.size(), "one example per class");
        for (int c = 0; c < d.numClasses(); c++) {
            int first = -1;
            for (int i = 0; i < d.size() && first < 0; i++) {
                if (d.info(i).label() == c) {
                    first = i;
                }
            }
            SkeletonSequence s = d.get(first);
            Element fig = page.select("figure.example[data-label=" + c + "]").first();
            assertNotNull(fig, "example of class " + c);
            assertTrue(fig.select("figcaption").text().contains(s.name()), "the first sample of the class: " + s.name());
            Elements frames = fig.select("svg g.frame");
            assertEquals(Math.min(DatasetPage.STRIP_FRAMES, s.frames()), frames.size());
            assertEquals(bones * frames.size(), fig.select("svg line").size(), "bones x frames lines, nothing else");
            assertEquals(bones * frames.size(), fig.select("svg line.body1").size());
            assertEquals(0, fig.select("svg line.body2").size(), "the empty second slot is not drawn");
            for (Element g : frames) {
                assertEquals(bones, g.select("line").size(), "every bone in frame " + g.attr("data-frame"));
            }
        }
        assertArrayEquals(new int[]{0, 20, 39, 59}, SkeletonStrip.evenFrames(60, 4));
        assertArrayEquals(new int[]{0, 1}, SkeletonStrip.evenFrames(2, 4));
        assertArrayEquals(new int[]{0}, SkeletonStrip.evenFrames(1, 4));
    }

    @Test
    void aTwoBodySampleDrawsBothBodiesInTwoColours() {
        SkeletonDataset d = synthetic.dataset();
        List<SkeletonSequence> seqs = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            seqs.add(d.get(i));
        }
        // the first sample of class 0 gets a second actor: the first one shifted along x
        int first = 0;
        while (d.info(first).label() != 0) {
            first++;
        }
        SkeletonSequence s = seqs.get(first);
        float[] xyz = s.xyz().clone();
        for (int t = 0; t < s.frames(); t++) {
            for (int v = 0; v < s.joints(); v++) {
                for (int k = 0; k < 3; k++) {
                    xyz[s.offset(t, 1, v, k)] = xyz[s.offset(t, 0, v, k)] + (k == 0 ? 0.8f : 0f);
                }
            }
        }
        seqs.set(first, new SkeletonSequence(s.name(), s.label(), s.frames(), s.persons(), s.joints(), xyz, 2, s.attributes()));
        LoadedDataset two = new LoadedDataset(new InMemoryDataset(d.name(), d.layout(), d.persons(), d.classNames(), seqs, d.fingerprint(), List.of()),
                synthetic.split());
        Document doc = Jsoup.parse(render(two));
        Element fig = doc.select("figure.example[data-label=0]").first();
        assertNotNull(fig);
        int drawn = fig.select("svg g.frame").size();
        int bones = d.layout().bones().size();
        Elements one = fig.select("svg line.body1");
        Elements second = fig.select("svg line.body2");
        assertEquals(bones * drawn, one.size());
        assertEquals(bones * drawn, second.size(), "the second body is drawn too");
        assertEquals(1, one.stream().map(e -> e.attr("stroke")).distinct().count());
        assertFalse(one.first().attr("stroke").equals(second.first().attr("stroke")), "in another colour");
        assertTrue(fig.select("figcaption").text().contains("2 bodies"), fig.select("figcaption").text());
        assertEquals(bones * doc.select("figure.example[data-label=1] svg g.frame").size(), doc.select("figure.example[data-label=1] svg line").size(),
                "other classes keep one body");
        assertTrue(doc.select("table#bodies tbody tr").eachText().stream().anyMatch(t -> t.startsWith("2 ")), "the bodies table has the 2-body sample");
    }

    @Test
    void skippedFilesAreListedWithTheirReasonsEscaped() {
        SkeletonDataset d = synthetic.dataset();
        List<SkeletonSequence> seqs = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            seqs.add(d.get(i));
        }
        List<SkippedFile> skipped = List.of(new SkippedFile("S001C001P001R001A001.skeleton", "listed in NTU_RGBD_samples_with_missing_skeletons.txt"),
                new SkippedFile("<b>bad</b>.skeleton", "line 3: expected 25 joints, got <i>7</i>"));
        LoadedDataset withSkipped = new LoadedDataset(new InMemoryDataset(d.name(), d.layout(), d.persons(), d.classNames(), seqs, d.fingerprint(), skipped),
                synthetic.split());
        Document doc = Jsoup.parse(render(withSkipped));
        Elements rows = doc.select("table#skipped tbody tr");
        assertEquals(2, rows.size());
        for (int i = 0; i < skipped.size(); i++) {
            assertEquals(skipped.get(i).file(), rows.get(i).child(0).text());
            assertEquals(skipped.get(i).reason(), rows.get(i).child(1).text());
        }
        assertTrue(doc.select("table#skipped b, table#skipped i").isEmpty(), "names and reasons are text, not markup");

        Elements none = page.select("table#skipped tbody tr");
        assertEquals(1, none.size());
        assertEquals("none", none.first().text());
    }

    @Test
    void pageIsSelfContained() {
        assertTrue(page.select("script").isEmpty(), "no script");
        assertFalse(html.toLowerCase().contains("<script"), "no script");
        String rest = html.replace("http://www.w3.org/2000/svg", "");
        assertFalse(rest.contains("http://") || rest.contains("https://"), "no external URLs except the SVG namespace");
        assertTrue(page.select("link, img, iframe, object, embed").isEmpty(), "nothing loaded from elsewhere");
        assertTrue(page.text().contains("SYNTHETIC"), "the synthetic banner");
        assertEquals(html, render(synthetic), "same data, same bytes");
    }

    @Test
    void writtenNextToTheJsonOfTheDatasetCommand() throws Exception {
        DatasetCommand.Outcome o = new DatasetCommand(LoadOptions.defaults(), QUIET)
                .run(DatasetSpec.parse("synthetic"), null, tmp, null, NpzLayout.NTU);
        assertTrue(Files.exists(o.json()) && Files.exists(o.split()), "the command still writes its JSON");
        assertEquals(synthetic.dataset().size(), o.summary().samples());
        Path written = DatasetPage.write(o.summary(), o.loaded(), o.json().getParent());
        assertEquals(tmp.resolve("dataset.html"), written);
        assertEquals(html, Files.readString(written), "the page of the same data");
    }
}
