package org.skelmae.data;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.split.Split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dataset holds, without training: samples per split and class, frame statistics, bodies per
 * raw file, sequences too short to crop, and every skipped file with its reason.
 *
 * @param dataset     dataset name
 * @param protocol    split name
 * @param synthetic   true for the generated dataset (never a real-data result)
 * @param layout      joint layout name
 * @param joints      V
 * @param persons     M
 * @param samples     total samples
 * @param train       training samples
 * @param test        test samples
 * @param classes     per class: name, train and test counts
 * @param frames      min, mean, max valid frames
 * @param bodies      raw files by number of distinct bodies
 * @param shortSequences sequences with fewer than 2 frames (name → frames)
 * @param skipped     files left out and why
 * @param fingerprint content hash and parameters
 */
@JsonPropertyOrder({"dataset", "protocol", "synthetic", "layout", "joints", "persons", "samples", "train", "test",
        "frames", "bodies", "shortSequences", "classes", "skipped", "fingerprint"})
public record DatasetSummary(String dataset, String protocol, boolean synthetic, String layout, int joints, int persons,
                             int samples, int train, int test, List<ClassCount> classes, FrameStats frames,
                             Map<String, Integer> bodies, Map<String, Integer> shortSequences,
                             List<SkippedFile> skipped, DataFingerprint fingerprint) {

    /** Samples of one class. */
    @JsonPropertyOrder({"label", "name", "train", "test"})
    public record ClassCount(int label, String name, int train, int test) {
    }

    /** Valid-frame statistics over all samples. */
    @JsonPropertyOrder({"min", "mean", "max"})
    public record FrameStats(int min, double mean, int max) {
    }

    /** Computes the summary. */
    public static DatasetSummary of(LoadedDataset ld) {
        SkeletonDataset d = ld.dataset();
        Split s = ld.split();
        int[] trainCount = new int[d.numClasses()];
        int[] testCount = new int[d.numClasses()];
        for (int i : s.train()) {
            trainCount[d.info(i).label()]++;
        }
        for (int i : s.test()) {
            testCount[d.info(i).label()]++;
        }
        List<ClassCount> classes = new ArrayList<>();
        for (int c = 0; c < d.numClasses(); c++) {
            if (trainCount[c] + testCount[c] > 0) {
                classes.add(new ClassCount(c, d.classNames().get(c), trainCount[c], testCount[c]));
            }
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        Map<String, Integer> bodies = new TreeMap<>();
        Map<String, Integer> shortSeq = new TreeMap<>();
        for (int i = 0; i < d.size(); i++) {
            SampleInfo info = d.info(i);
            min = Math.min(min, info.frames());
            max = Math.max(max, info.frames());
            sum += info.frames();
            bodies.merge(Integer.toString(info.bodiesInSource()), 1, Integer::sum);
            if (info.frames() < 2) {
                shortSeq.put(info.name(), info.frames());
            }
        }
        FrameStats fs = new FrameStats(d.size() == 0 ? 0 : min, d.size() == 0 ? 0 : sum / (double) d.size(), max);
        return new DatasetSummary(d.name(), s.name(), d.name().equals("synthetic"), d.layout().name(),
                d.layout().joints(), d.persons(), d.size(), s.train().length, s.test().length, classes, fs, bodies,
                shortSeq, d.skipped(), d.fingerprint());
    }

    /** Human-readable lines for a log. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (synthetic) {
            out.add("SYNTHETIC dataset: procedurally generated motion, not recorded data");
        }
        out.add(String.format(Locale.ROOT, "dataset %s, protocol %s: %d samples (%d train / %d test), %d classes, %s, %d person slot(s)",
                dataset, protocol, samples, train, test, classes.size(), layout + " " + joints + " joints", persons));
        out.add(String.format(Locale.ROOT, "frames: min %d, mean %.1f, max %d", frames.min, frames.mean, frames.max));
        Map<String, Integer> b = new LinkedHashMap<>(bodies);
        out.add("bodies per raw file: " + b);
        if (!shortSequences.isEmpty()) {
            out.add("sequences shorter than 2 frames (kept; resizing repeats the frame): " + shortSequences);
        }
        out.add(String.format(Locale.ROOT, "%-5s %-50s %7s %7s", "label", "class", "train", "test"));
        for (ClassCount c : classes) {
            out.add(String.format(Locale.ROOT, "%-5d %-50s %7d %7d", c.label, abbreviate(c.name, 50), c.train, c.test));
        }
        out.add("skipped files: " + skipped.size());
        for (SkippedFile f : skipped) {
            out.add("  " + f.file() + ": " + f.reason());
        }
        out.add("content sha256: " + fingerprint.sha256());
        return out;
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
