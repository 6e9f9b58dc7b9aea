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
 * @param pretraining      pre-training rows
 * @param failed           experiments that did not succeed
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "preset", "synthetic", "comparable", "referenceDataset", "comparability",
        "classification", "pretraining", "failed"})
public record ReportSummary(int schemaVersion, String suite, String dataset, String preset, boolean synthetic, boolean comparable,
                            String referenceDataset, String comparability, List<ComparisonRow> classification,
                            List<SummaryRow> pretraining, List<String> failed) {

    public static ReportSummary of(ReportModel m) {
        List<String> failed = new ArrayList<>();
        for (ExperimentOutcome o : m.result().outcomes()) {
            if (o.status() != ExperimentOutcome.Status.OK) {
                failed.add(o.experiment().id() + " " + o.status() + ": " + o.error());
            }
        }
        return new ReportSummary(1, m.result().suite().name(), m.result().dataset(), m.result().preset(), m.result().synthetic(),
                m.comparable(), m.referenceDataset(), m.comparability(), m.comparison(), m.pretraining(), failed);
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
            sb.append("| experiment | method | labels | best top-1 (mean ± std) | n | last | held-out | paper | paper source |")
                    .append(comparable ? " Δ |" : "").append('\n');
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---|").append(comparable ? "---:|" : "").append('\n');
            for (ComparisonRow r : classification) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s |", r.experiment(), r.method()
                                + (r.variant().isEmpty() ? "" : " " + r.variant()), f.percent(r.labels()),
                        r.n() == 0 ? "failed" : f.num(r.ours()) + " ± " + f.num(r.std()), r.n(), f.num(r.last()), f.opt(r.selected()),
                        f.opt(r.paper()), r.paperSource()));
                if (comparable) {
                    sb.append(' ').append(f.delta(r.delta())).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        if (!pretraining.isEmpty()) {
            sb.append("| pre-training | metric | best | last | n |\n|---|---|---:|---:|---:|\n");
            for (SummaryRow p : pretraining) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", p.group(), p.metric(), f.sig(p.mean()), f.sig(p.lastMean()), p.n()));
            }
            sb.append('\n');
        }
        for (String x : failed) {
            sb.append("- did not succeed: ").append(x).append('\n');
        }
        return sb.toString();
    }
}
