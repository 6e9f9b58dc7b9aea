package org.skelmae.reports;

import org.apache.velocity.VelocityContext;
import org.skelmae.reports.charts.TrendChart;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.reports.history.CheckRecord;
import org.skelmae.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The self-contained page of a suite's accuracy over commits ({@code trend.html}, written by {@code skelmae:report
 * -Dskelmae.history=...}): one chart per gated metric over the checks in order, with the baseline and its tolerance
 * band and failed checks in red, and the numbers of each chart in a table under it. Inline SVG only, no script, no
 * external resource.
 */
public final class TrendPage extends AbstractPage {

    /** The page's file name. */
    public static final String FILE = "trend.html";

    /**
     * One check in the overview table.
     *
     * @param index   1-based position
     * @param commit  short commit ("+" when dirty)
     * @param date    when it ran
     * @param engine  engine
     * @param cpu     processor
     * @param check   "failed", "passed" or "not checked"
     * @param failing the metrics outside their tolerance, comma-separated, or empty
     * @param failed  whether the check failed
     */
    public record RecordRow(int index, String commit, String date, String engine, String cpu, String check, String failing, boolean failed) {
    }

    /**
     * One check's value of a metric, formatted.
     *
     * @param index     1-based position of the check
     * @param commit    short commit
     * @param date      when it ran
     * @param actual    measured value or "missing"
     * @param baseline  baseline mean or "–"
     * @param tolerance tolerance or "–"
     * @param delta     actual − baseline or "–"
     * @param status    this metric's verdict or "–"
     * @param check     "failed", "passed" or "not checked"
     * @param failed    whether the check failed
     */
    public record MetricRow(int index, String commit, String date, String actual, String baseline, String tolerance, String delta,
                            String status, String check, boolean failed) {
    }

    /**
     * A gated metric: its chart and the numbers under it.
     *
     * @param group  experiment group or {@code "<a> - <b>"}
     * @param metric metric
     * @param chart  the chart
     * @param rows   one per check
     */
    public record Section(String group, String metric, Chart chart, List<MetricRow> rows) {
    }

    private final String suite;
    private final String source;
    private final List<CheckRecord> records;
    private final String generated;

    /**
     * @param suite     suite shown
     * @param source    where the records came from (a history file or a results folder), for the reader
     * @param records   the checks, oldest first
     * @param generated a generation time to print, or null for none (reproducible output)
     */
    public TrendPage(String suite, String source, List<CheckRecord> records, String generated) {
        this.suite = suite;
        this.source = source;
        this.records = List.copyOf(records);
        this.generated = generated;
    }

    /** Writes {@value #FILE} into {@code dir} and returns its path. */
    public static Path write(String suite, String source, List<CheckRecord> records, Path dir, String generated) throws IOException {
        Path html = dir.resolve(FILE);
        AtomicFiles.writeString(html, new TrendPage(suite, source, records, generated).render());
        return html;
    }

    @Override
    protected String template() {
        return "org/skelmae/reports/trend.vm";
    }

    @Override
    protected void fill(VelocityContext c) {
        c.put("suite", suite);
        c.put("source", source);
        c.put("generated", generated == null ? "" : generated);
        c.put("records", recordRows());
        c.put("failedCount", records.stream().filter(CheckRecord::failed).count());
        Set<String> engines = records.stream().map(CheckRecord::engine).filter(Objects::nonNull).collect(Collectors.toCollection(LinkedHashSet::new));
        c.put("engines", String.join(", ", engines));
        c.put("mixedEngines", engines.size() > 1);
        c.put("checked", records.stream().anyMatch(r -> r.metrics().stream().anyMatch(m -> m.status() != null)));
        c.put("sections", sections());
    }

    private List<RecordRow> recordRows() {
        List<RecordRow> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            CheckRecord r = records.get(i);
            String failing = r.metrics().stream().filter(CheckRecord.Metric::outside)
                    .map(m -> m.group() + " " + m.metric() + " (" + m.status() + ")").collect(Collectors.joining(", "));
            out.add(new RecordRow(i + 1, r.shortCommit(), r.date() == null ? "" : r.date(), nz(r.engine()), nz(r.cpu()), check(r), failing,
                    r.failed()));
        }
        return out;
    }

    /** One section per gated metric, in order of first appearance; the gate's identical-predictions rows have none. */
    List<Section> sections() {
        Set<List<String>> keys = new LinkedHashSet<>();
        for (CheckRecord r : records) {
            for (CheckRecord.Metric m : r.metrics()) {
                if (m.status() != RegressionCheck.Status.IDENTICAL) {
                    keys.add(List.of(m.group(), m.metric()));
                }
            }
        }
        List<Section> out = new ArrayList<>();
        for (List<String> k : keys) {
            List<TrendChart.Point> points = new ArrayList<>();
            List<MetricRow> rows = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                CheckRecord r = records.get(i);
                CheckRecord.Metric m = r.metric(k.get(0), k.get(1));
                Double actual = m == null ? null : m.actual();
                Double baseline = m == null ? null : m.baseline();
                Double tol = m == null ? null : m.tolerance();
                String status = m == null ? "not in this check" : m.status() == null ? "" : m.status().name();
                points.add(new TrendChart.Point(r.shortCommit(), r.day(), actual, baseline, tol, r.failed(), status));
                rows.add(new MetricRow(i + 1, r.shortCommit(), r.date() == null ? "" : r.date(), actual == null ? "missing" : sig(actual),
                        baseline == null ? "–" : sig(baseline), tol == null ? "–" : sig(tol),
                        actual == null || baseline == null ? "–" : String.format(Locale.ROOT, "%+.4g", actual - baseline).replace('-', '−'),
                        status.isEmpty() ? "–" : status, check(r), r.failed()));
            }
            String title = k.get(0) + ": " + k.get(1);
            out.add(new Section(k.get(0), k.get(1), new Chart(title, "One point per check, oldest left (x: commit and day). The dashed line"
                    + " is the baseline's mean and the shaded band its tolerance; red points are checks that failed (any metric)."
                    + " Hover a point for its numbers.", TrendChart.svg(title, k.get(1), points)), rows));
        }
        return out;
    }

    private static String check(CheckRecord r) {
        return r.failed() ? "failed" : r.metrics().stream().anyMatch(m -> m.status() != null) ? "passed" : "not checked";
    }

    private static String sig(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
