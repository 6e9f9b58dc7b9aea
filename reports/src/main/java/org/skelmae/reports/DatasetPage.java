package org.skelmae.reports;

import org.apache.velocity.VelocityContext;
import org.skelmae.data.DatasetSummary;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.split.Split;
import org.skelmae.reports.charts.DatasetCharts;
import org.skelmae.reports.charts.SkeletonStrip;
import org.skelmae.reports.charts.Svg;
import org.skelmae.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The self-contained page of {@code skelmae:dataset} ({@code dataset.html}): split and class counts, the
 * frame-length histogram per split, bodies per sample, skipped files, and the first sample of every class drawn
 * as a strip of frames. Inline SVG only, no script, no external resource; every number drawn is also in a table
 * or a tooltip.
 */
public final class DatasetPage extends AbstractPage {

    /** The page's file name. */
    public static final String FILE = "dataset.html";

    /** Frames drawn per example sequence. */
    public static final int STRIP_FRAMES = 4;

    /** At most this many histogram bins. */
    static final int MAX_BINS = 30;

    /**
     * One row of the bodies table.
     *
     * @param bodies distinct bodies in the raw source
     * @param train  training samples with that many
     * @param test   test samples with that many
     */
    public record BodyRow(int bodies, int train, int test) {
        public int total() {
            return train + test;
        }
    }

    /**
     * The drawn example of one class.
     *
     * @param label   class index
     * @param name    class name
     * @param sample  sample name
     * @param split   "train", "test" or "none"
     * @param frames  valid frames of the sample
     * @param shown   1-based frame numbers drawn, e.g. "1, 21, 40, 60"
     * @param bodies  bodies drawn
     * @param bones   bones per body per frame
     * @param svg     the strip
     */
    public record Example(int label, String name, String sample, String split, int frames, String shown, int bodies,
                          int bones, String svg) {
    }

    private final DatasetSummary summary;
    private final LoadedDataset loaded;
    private final String generated;

    /**
     * @param summary   what {@link DatasetSummary#of} computed for {@code loaded}
     * @param loaded    the dataset and its split
     * @param generated a generation time to print, or null for none (reproducible output)
     */
    public DatasetPage(DatasetSummary summary, LoadedDataset loaded, String generated) {
        this.summary = summary;
        this.loaded = loaded;
        this.generated = generated;
    }

    /** Writes {@value #FILE} into {@code dir} and returns its path. */
    public static Path write(DatasetSummary summary, LoadedDataset loaded, Path dir) throws IOException {
        Path html = dir.resolve(FILE);
        AtomicFiles.writeString(html, new DatasetPage(summary, loaded, null).render());
        return html;
    }

    @Override
    protected String template() {
        return "org/skelmae/reports/dataset.vm";
    }

    @Override
    protected void fill(VelocityContext c) {
        SkeletonDataset d = loaded.dataset();
        Split s = loaded.split();
        c.put("sum", summary);
        c.put("generated", generated == null ? "" : generated);
        c.put("fingerprint", summary.fingerprint() == null ? "" : summary.fingerprint().sha256());
        List<DatasetCharts.ClassBar> bars = summary.classes().stream()
                .map(k -> new DatasetCharts.ClassBar(k.label(), k.name(), k.train(), k.test())).toList();
        c.put("classChart", new Chart("Samples per class and split",
                "One row per class (label and name), the training split's samples above the test split's; the numbers are at the bars and in the table below.",
                DatasetCharts.classBars("Samples per class", bars)));
        List<DatasetCharts.FrameBin> bins = DatasetCharts.frameBins(frames(d, s.train()), frames(d, s.test()), MAX_BINS);
        c.put("bins", bins);
        c.put("frameChart", new Chart("Frame lengths per split",
                "Valid frames per sample, binned; training split and test split side by side in each bin.",
                DatasetCharts.frameHistogram("Valid frames per sample", bins)));
        List<BodyRow> bodies = bodies(d, s);
        c.put("bodies", bodies);
        List<String> cats = bodies.stream().map(b -> b.bodies() + (b.bodies() == 1 ? " body" : " bodies")).toList();
        c.put("bodyChart", new Chart("Bodies per sample",
                "Samples by the number of distinct bodies their raw source held (before any actor selection), per split.",
                Svg.bars("Bodies per sample", "samples", cats, List.of(
                        new Svg.Series("train", bodies.stream().map(b -> (double) b.train()).toList(), DatasetCharts.TRAIN, false),
                        new Svg.Series("test", bodies.stream().map(b -> (double) b.test()).toList(), DatasetCharts.TEST, false)))));
        c.put("skipped", summary.skipped());
        c.put("shortSequences", summary.shortSequences() == null ? Map.of() : summary.shortSequences());
        c.put("examples", examples(d, s));
    }

    private static int[] frames(SkeletonDataset d, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = d.info(idx[i]).frames();
        }
        return out;
    }

    private static List<BodyRow> bodies(SkeletonDataset d, Split s) {
        TreeMap<Integer, int[]> by = new TreeMap<>();
        for (int i : s.train()) {
            by.computeIfAbsent(d.info(i).bodiesInSource(), k -> new int[2])[0]++;
        }
        for (int i : s.test()) {
            by.computeIfAbsent(d.info(i).bodiesInSource(), k -> new int[2])[1]++;
        }
        List<BodyRow> out = new ArrayList<>();
        by.forEach((k, v) -> out.add(new BodyRow(k, v[0], v[1])));
        return out;
    }

    /** The first sample (lowest index) of every class in the summary, drawn. */
    private List<Example> examples(SkeletonDataset d, Split s) {
        Map<Integer, Integer> first = new TreeMap<>();
        for (int i = 0; i < d.size(); i++) {
            first.putIfAbsent(d.info(i).label(), i);
        }
        List<Example> out = new ArrayList<>();
        for (DatasetSummary.ClassCount k : summary.classes()) {
            Integer i = first.get(k.label());
            if (i == null) {
                continue;
            }
            SkeletonSequence seq = d.get(i);
            int[] shown = SkeletonStrip.evenFrames(seq.frames(), STRIP_FRAMES);
            String svg = SkeletonStrip.svg(k.name() + ": " + seq.name(), seq, d.layout(), shown);
            String split = Arrays.binarySearch(s.train(), i) >= 0 ? "train" : Arrays.binarySearch(s.test(), i) >= 0 ? "test" : "none";
            out.add(new Example(k.label(), k.name(), seq.name(), split, seq.frames(),
                    Arrays.stream(shown).mapToObj(t -> Integer.toString(t + 1)).collect(Collectors.joining(", ")),
                    SkeletonStrip.drawnPersons(seq).size(), d.layout().bones().size(), svg));
        }
        return out;
    }
}
