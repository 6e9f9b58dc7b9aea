package org.skelmae.reports;

import org.skelmae.reports.charts.Svg;
import org.skelmae.run.RunResult;
import org.skelmae.suite.SummaryRow;
import org.skelmae.training.EpochMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The charts of a suite report, from its model. */
final class ReportCharts {

    private static final int LINES_PER_CHART = 8;

    private ReportCharts() {
    }

    static List<Chart> of(ReportModel m) {
        List<Chart> charts = new ArrayList<>();
        if (!m.comparison().isEmpty()) {
            List<String> cats = m.comparison().stream().map(ComparisonRow::experiment).toList();
            List<Svg.Series> s = List.of(
                    new Svg.Series("ours: last epoch (headline, mean)", m.comparison().stream().map(ComparisonRow::ours).map(Double::valueOf).toList(), Svg.PALETTE.get(0), false),
                    new Svg.Series("ours: best on test (paper's protocol, optimistic)", m.comparison().stream().map(ComparisonRow::bestOnTest).toList(),
                            Svg.PALETTE.get(2), true),
                    new Svg.Series(m.comparable() ? "paper" : "paper (reference: " + m.referenceDataset() + ", GPU)",
                            m.comparison().stream().map(ComparisonRow::paper).toList(), Svg.PALETTE.get(1), !m.comparable()));
            charts.add(new Chart("Top-1 accuracy: ours and the paper", m.comparability(), Svg.bars("Top-1 accuracy (%)", "%", cats, s)));
        }
        List<Svg.Series> acc = new ArrayList<>();
        for (ComparisonRow row : m.comparison()) {
            ReportModel.firstResult(m.result(), row.experiment()).ifPresent(r ->
                    acc.add(new Svg.Series(row.experiment(), percent(ReportModel.series(r.epochs(), false, "test.top1")),
                            Svg.PALETTE.get(acc.size() % Svg.PALETTE.size()), row.method().equals("from scratch"))));
        }
        for (int i = 0; i < acc.size(); i += LINES_PER_CHART) {
            charts.add(new Chart("Fine-tuning: test top-1 per epoch" + (acc.size() > LINES_PER_CHART ? " (" + (i / LINES_PER_CHART + 1) + ")" : ""),
                    "First seed of each experiment; the from-scratch control is dashed.",
                    Svg.lines("Test top-1 (%) per epoch", "%", acc.subList(i, Math.min(acc.size(), i + LINES_PER_CHART)))));
        }
        for (SummaryRow row : m.pretraining()) {
            ReportModel.firstResult(m.result(), row.group()).ifPresent(r -> {
                charts.add(lossCurves(row.group(), r));
                if (r.epochs().get(0).train().containsKey("vq.perplexity")) {
                    charts.add(codebook(row.group(), r));
                }
            });
        }
        return charts;
    }

    /** Forest plot of the comparisons: difference a − b with its 95% interval, coloured by verdict. */
    static String forest(List<DifferenceRow> rows) {
        List<Svg.ForestRow> f = rows.stream().map(d -> new Svg.ForestRow(d.a() + " − " + d.b(), d.difference(), d.low(), d.high(),
                d.verdict(), switch (d.verdict()) {
                    case "better" -> "#009E73";
                    case "worse" -> "#D55E00";
                    case "identical predictions" -> "#CC79A7";
                    default -> "#555555";
                })).toList();
        boolean points = rows.stream().allMatch(d -> d.unit().equals("points"));
        return Svg.forest("Differences a − b at the last epoch, with 95% intervals", points ? "difference (percentage points of top-1)"
                : "difference", f);
    }

    private static Chart lossCurves(String group, RunResult r) {
        List<Svg.Series> s = new ArrayList<>();
        TreeSet<String> parts = new TreeSet<>();
        for (EpochMetrics e : r.epochs()) {
            e.train().keySet().stream().filter(k -> k.startsWith("loss")).forEach(parts::add);
        }
        for (String p : parts) {
            s.add(new Svg.Series("train " + p, ReportModel.series(r.epochs(), true, p), Svg.PALETTE.get(s.size() % Svg.PALETTE.size()), false));
        }
        s.add(new Svg.Series("validation loss", ReportModel.series(r.epochs(), false, "loss"), Svg.PALETTE.get(s.size() % Svg.PALETTE.size()), true));
        return new Chart(group + ": pre-training loss per part", "Training means per epoch for every loss part; validation (dashed) on the test split, evaluation mode.",
                Svg.lines(group + ": loss per epoch", "loss", s));
    }

    private static Chart codebook(String group, RunResult r) {
        Map<String, Double> last = r.epochs().get(r.epochs().size() - 1).train();
        List<Svg.Series> s = List.of(
                new Svg.Series("perplexity (effective codes)", ReportModel.series(r.epochs(), true, "vq.perplexity"), Svg.PALETTE.get(2), false),
                new Svg.Series("dead codes", ReportModel.series(r.epochs(), true, "vq.deadCodes"), Svg.PALETTE.get(3), true));
        return new Chart(group + ": codebook usage", String.format(java.util.Locale.ROOT,
                "Per epoch over all training tokens. Last epoch: perplexity %.1f, %.0f dead codes.", last.get("vq.perplexity"), last.get("vq.deadCodes")),
                Svg.lines(group + ": codebook usage", "codes", s));
    }

    private static List<Double> percent(List<Double> v) {
        return v.stream().map(x -> x == null ? null : 100 * x).toList();
    }
}
