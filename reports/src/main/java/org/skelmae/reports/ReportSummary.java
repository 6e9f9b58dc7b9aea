package org.skelmae.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SummaryRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable summary of a suite report ({@code summary.json}), and its Markdown form
 * ({@code summary.md}) for CI logs.
 *
 * @param schemaVersion    layout version
 * @param suite            suite name
 * @param dataset          dataset
 * @param preset           preset family
 * @param synthetic        generated data
 * @param comparable       whether differences to the paper are meaningful
 * @param referenceDataset dataset of the paper numbers shown
 * @param comparability    how to read the paper column
 * @param classification   classification rows
 * @param heldOutRule      when the held-out column has a value
 * @param pretraining      pre-training rows
 * @param comparisons      differences between groups with 95% intervals and verdicts
 * @param comparisonsNote  how to read them (no multiple-comparison correction)
 * @param failed           experiments that did not succeed
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "preset", "synthetic", "comparable", "referenceDataset", "comparability",
        "classification", "heldOutRule", "pretraining", "comparisons", "comparisonsNote", "failed"})
public record ReportSummary(int schemaVersion, String suite, String dataset, String preset, boolean synthetic, boolean comparable,
                            String referenceDataset, String comparability, List<ComparisonRow> classification, String heldOutRule,
                            List<SummaryRow> pretraining, List<DifferenceRow> comparisons, String comparisonsNote,
                            List<String> failed) {

    /** Layout version: 2 made the last epoch the headline and added intervals and comparisons. */
    public static final int SCHEMA_VERSION = 2;

    public static ReportSummary of(ReportModel m) {
        List<String> failed = new ArrayList<>();
        for (ExperimentOutcome o : m.result().outcomes()) {
            if (o.status() != ExperimentOutcome.Status.OK) {
                failed.add(o.experiment().id() + " " + o.status() + ": " + o.error());
            }
        }
        return new ReportSummary(SCHEMA_VERSION, m.result().suite().name(), m.result().dataset(), m.result().preset(), m.result().synthetic(),
                m.comparable(), m.referenceDataset(), m.comparability(), m.comparison(), m.heldOutRule(), m.pretraining(), m.differences(),
                m.comparisonsNote(), failed);
    }

    /** The summary as Markdown. */
    public String markdown() {
        Formats f = new Formats();
        StringBuilder sb = new StringBuilder();
        sb.append("# skelmae suite `").append(suite).append("` (").append(dataset).append(", preset ").append(preset).append(")\n\n");
        if (synthetic) {
            sb.append("**SYNTHETIC data**: generated motion, not recorded skeletons.\n\n");
        }
        sb.append("> ").append(comparability).append("\n\n");
        if (!classification.isEmpty()) {
            sb.append("| experiment | method | labels | last-epoch top-1 (mean ± std) | 95% CI | n | best on test (paper's protocol, optimistic) "
                    + "| held-out | paper | paper source |").append(comparable ? " Δ (best on test − paper) |" : "").append('\n');
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|").append(comparable ? "---:|" : "").append('\n');
            for (ComparisonRow r : classification) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |", r.experiment(), r.method()
                                + (r.variant().isEmpty() ? "" : " " + r.variant()), f.percent(r.labels()),
                        r.n() == 0 ? "failed" : r.n() == 1 ? f.num(r.ours()) : f.num(r.ours()) + " ± " + f.num(r.std()),
                        f.interval(r.ciLow(), r.ciHigh()), r.n(), f.opt(r.bestOnTest()), f.opt(r.heldOut()), f.opt(r.paper()), r.paperSource()));
                if (comparable) {
                    sb.append(' ').append(f.delta(r.delta())).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n').append(heldOutRule).append("\n\n");
        }
        if (!pretraining.isEmpty()) {
            sb.append("| pre-training | metric | last epoch (mean ± std) | 95% CI | n | best on test (optimistic) |\n|---|---|---:|---:|---:|---:|\n");
            for (SummaryRow p : pretraining) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s |\n", p.group(), p.metric(),
                        p.n() > 1 ? f.sig(p.mean()) + " ± " + f.sig(p.std()) : f.sig(p.mean()), f.sigInterval(p.ciLow(), p.ciHigh()), p.n(),
                        f.sig(p.bestOnTestMean())));
            }
            sb.append('\n');
        }
        if (!comparisons.isEmpty()) {
            sb.append("| comparison (a − b, last epoch) | metric | difference | 95% CI | n | interval | verdict |\n|---|---|---:|---:|---:|---|---|\n");
            for (DifferenceRow d : comparisons) {
                sb.append(String.format(Locale.ROOT, "| %s − %s | %s | %s | %s | %d | %s | %s |\n", d.a(), d.b(), d.metric(), f.diff(d.difference()),
                        f.interval(d.low(), d.high()), d.n(), d.interval(), d.verdict()));
            }
            sb.append('\n').append(comparisonsNote).append("\n\n");
        }
        for (String x : failed) {
            sb.append("- did not succeed: ").append(x).append('\n');
        }
        return sb.toString();
    }
}
