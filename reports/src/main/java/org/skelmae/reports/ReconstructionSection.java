package org.skelmae.reports;

import org.skelmae.reports.charts.SkeletonStrip;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;
import org.skelmae.training.Reconstructions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite report's "Reconstructions" section: for every pre-training experiment (its first successful seed), the
 * {@value Reconstructions#FILE} its run left in its run directory, drawn per shown test sequence, methods side by
 * side: a strip of a few frames (ground truth grey, reconstruction in colour, masked joints ringed) with the
 * reconstruction error, and a looping animation. Every run shows the same sequences (their choice does not depend on
 * the run), so the cards of one sequence compare the methods on the same input.
 *
 * @param blocks one block per shown sequence, in order of first appearance
 * @param notes  runs whose file was missing or unreadable while others had theirs, one line each
 */
public record ReconstructionSection(List<Block> blocks, List<String> notes) {

    /** Frames a strip draws. */
    public static final int STRIP_FRAMES = 5;

    /** No reconstructions (an older suite, or a report written without its run directories). */
    public static final ReconstructionSection EMPTY = new ReconstructionSection(List.of(), List.of());

    /**
     * One shown test sequence.
     *
     * @param index     dataset index
     * @param className its class
     * @param cards     one per pre-training experiment
     */
    public record Block(int index, String className, List<Card> cards) {
    }

    /**
     * One experiment's reconstruction of a sequence.
     *
     * @param experiment   the pre-training experiment
     * @param method       its method's name
     * @param seed         the run's seed (the first successful one)
     * @param error        the sequence's reconstruction error
     * @param errorMeasure what the error is
     * @param what         what the model reconstructs (and so what is drawn)
     * @param strip        the strip (SVG made in Java, every text escaped)
     * @param animation    the animation (SVG made in Java, every text escaped)
     */
    public record Card(String experiment, String method, long seed, double error, String errorMeasure, String what, String strip,
                       String animation) {
    }

    /**
     * Reads the files of a suite's pre-training runs below {@code output} (the folder that holds the suite's folder) and
     * draws them.
     */
    public static ReconstructionSection load(SuiteResult r, Path output) {
        PretrainingFiles<Reconstructions> read = PretrainingFiles.read(r, output, Reconstructions.FILE, Reconstructions::read);
        Map<String, Reconstructions> files = new LinkedHashMap<>();
        Map<String, ExperimentOutcome> runs = new LinkedHashMap<>();
        for (PretrainingFiles.Found<Reconstructions> f : read.found()) {
            // an experiment's first seed with a file
            if (files.putIfAbsent(SuiteResult.group(f.outcome()), f.file()) == null) {
                runs.put(SuiteResult.group(f.outcome()), f.outcome());
            }
        }
        // no run left one (an older suite, or a report written away from its run directories): no section at all
        return files.isEmpty() ? EMPTY : of(files, runs, read.notes());
    }

    /** Draws the given files, keyed by experiment, with the outcomes they came from. */
    static ReconstructionSection of(Map<String, Reconstructions> files, Map<String, ExperimentOutcome> runs, List<String> notes) {
        Map<Integer, List<Card>> cards = new LinkedHashMap<>();
        Map<Integer, String> classes = new LinkedHashMap<>();
        files.forEach((experiment, f) -> {
            ExperimentOutcome o = runs.get(experiment);
            String method = o == null || o.experiment().method() == null ? experiment : PaperReferences.methodName(o.experiment().method().id());
            for (Reconstructions.Sequence s : f.sequences()) {
                String title = method + " (" + experiment + ", seed " + f.seed() + "), test sequence " + s.index() + ": " + s.className();
                int[] picks = SkeletonStrip.evenFrames(s.frames().length, STRIP_FRAMES);
                cards.computeIfAbsent(s.index(), k -> new ArrayList<>()).add(new Card(experiment, method, f.seed(), s.error(), f.errorMeasure(),
                        f.reconstructionSpace(), SkeletonStrip.reconstructionSvg(title, f, s, picks),
                        SkeletonStrip.animationSvg(title + ", animated", f, s)));
                classes.putIfAbsent(s.index(), s.className());
            }
        });
        List<Block> blocks = new ArrayList<>();
        cards.forEach((i, c) -> blocks.add(new Block(i, classes.get(i), List.copyOf(c))));
        return new ReconstructionSection(List.copyOf(blocks), List.copyOf(notes));
    }
}
