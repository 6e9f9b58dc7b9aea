package org.skelmae.reports;

import org.skelmae.evaluation.Embeddings;
import org.skelmae.reports.charts.EmbeddingChart;
import org.skelmae.reports.embedding.NeighbourAccuracy;
import org.skelmae.reports.embedding.Projection;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.stats.ConfidenceInterval;
import org.skelmae.stats.Statistics;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite report's "Embeddings" section (docs/method.md, "What a run's features look like"), from the
 * {@value Embeddings#FILE} files of its pre-training runs: a 2-D map
 * of the test samples' encoder features per pre-trained method (its first successful seed), beside the map of the
 * random encoder of the same seed (one per family), coloured by class; and, for every method over all its seeds, the
 * leave-one-out {@value NeighbourAccuracy#K}-NN accuracy of both kinds of features, which measures the separation the
 * maps only show.
 *
 * @param maps  the drawn maps: per family the random encoder's first, then each method's
 * @param rows  one per pre-training experiment
 * @param notes runs whose file was missing or unreadable while others had theirs, one line each
 */
public record EmbeddingSection(List<MapCard> maps, List<Row> rows, List<String> notes) {

    /** No embeddings (an older suite, or a report written without its run directories). */
    public static final EmbeddingSection EMPTY = new EmbeddingSection(List.of(), List.of(), List.of());

    /**
     * One drawn map.
     *
     * @param label      what encoder: a method's name, or "random initialisation"
     * @param experiment the pre-training experiment whose file it comes from
     * @param seed       the run's seed
     * @param samples    samples drawn
     * @param classes    classes coloured
     * @param knn        the features' k-NN accuracy
     * @param projection how the map was made
     * @param svg        the map (SVG made in Java, every text escaped)
     */
    public record MapCard(String label, String experiment, long seed, int samples, int classes, double knn, String projection,
                          String svg) {
    }

    /**
     * The k-NN accuracy of one experiment's features over its seeds, with t-based 95% intervals.
     *
     * @param experiment the pre-training experiment
     * @param method     its method's name
     * @param pretrained pre-trained encoder
     * @param random     the random encoder of each seed
     * @param gain       pre-trained minus random, paired by seed
     */
    public record Row(String experiment, String method, ConfidenceInterval pretrained, ConfidenceInterval random,
                      ConfidenceInterval gain) {
    }

    /** Neighbours of the k-NN accuracy. */
    public int k() {
        return NeighbourAccuracy.K;
    }

    /** The files of one pre-training experiment, first successful seed first. */
    private record Experiment(String name, String method, String family, List<Embeddings> files) {
    }

    /** Reads the files of a suite's pre-training runs below {@code output} (the folder that holds the suite's folder). */
    public static EmbeddingSection load(SuiteResult r, Path output) {
        PretrainingFiles<Embeddings> read = PretrainingFiles.read(r, output, Embeddings.FILE, Embeddings::read);
        Map<String, Experiment> experiments = new LinkedHashMap<>();
        for (PretrainingFiles.Found<Embeddings> f : read.found()) {
            ExperimentOutcome o = f.outcome();
            String method = o.experiment().method() == null ? o.experiment().config().experiment()
                    : PaperReferences.methodName(o.experiment().method().id());
            experiments.computeIfAbsent(SuiteResult.group(o), g -> new Experiment(g, method, f.file().family(), new ArrayList<>()))
                    .files().add(f.file());
        }
        return experiments.isEmpty() ? EMPTY : of(List.copyOf(experiments.values()), read.notes());
    }

    private static EmbeddingSection of(List<Experiment> experiments, List<String> notes) {
        List<Row> rows = new ArrayList<>();
        for (Experiment x : experiments) {
            double[] trained = new double[x.files().size()];
            double[] random = new double[x.files().size()];
            double[] gain = new double[x.files().size()];
            for (int i = 0; i < trained.length; i++) {
                Embeddings e = x.files().get(i);
                trained[i] = knn(e.pretrained(), e.labels());
                random[i] = knn(e.randomInit(), e.labels());
                gain[i] = trained[i] - random[i];
            }
            rows.add(new Row(x.name(), x.method(), Statistics.meanCi95(trained), Statistics.meanCi95(random), Statistics.meanCi95(gain)));
        }
        List<MapCard> maps = new ArrayList<>();
        List<String> families = experiments.stream().map(Experiment::family).distinct().toList();
        for (String family : families) {
            List<Experiment> members = experiments.stream().filter(x -> x.family().equals(family)).toList();
            Embeddings first = members.get(0).files().get(0);
            maps.add(card("random initialisation (" + family + " encoder)", members.get(0).name(), first, first.randomInit()));
            for (Experiment x : members) {
                maps.add(card(x.method(), x.name(), x.files().get(0), x.files().get(0).pretrained()));
            }
        }
        return new EmbeddingSection(List.copyOf(maps), List.copyOf(rows), List.copyOf(notes));
    }

    private static MapCard card(String label, String experiment, Embeddings e, float[][] features) {
        Projection p = Projection.of(features, e.seed());
        String title = label + ": test features of " + experiment + ", seed " + e.seed() + " (" + p.method() + ")";
        return new MapCard(label, experiment, e.seed(), features.length, e.classNames().size(), knn(features, e.labels()),
                p.settings(), EmbeddingChart.svg(title, p.points(), e.labels(), e.indices(), e.classNames()));
    }

    private static double knn(float[][] features, int[] labels) {
        return NeighbourAccuracy.leaveOneOut(Projection.standardise(features), labels, NeighbourAccuracy.K);
    }
}
