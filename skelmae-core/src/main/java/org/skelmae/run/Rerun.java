package org.skelmae.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.stats.GateTolerance;
import org.skelmae.training.EpochMetrics;
import org.skelmae.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilding a finished run from its records (Tribuo's "reproduce from provenance"): the run's
 * config.json is the whole resolved configuration, its provenance.json says on which data, checkpoint
 * and machine it ran, and its result.json is what the re-run must match. On the same machine (processor,
 * natives, thread count) every number must be bit-identical; on another, the gated figures must agree
 * within the regression gate's single-run tolerance ({@link GateTolerance}).
 */
public final class Rerun {

    private Rerun() {
    }

    /**
     * A finished run as recorded.
     *
     * @param dir        its run directory
     * @param config     config.json
     * @param provenance provenance.json
     * @param result     result.json
     */
    public record Recorded(Path dir, ExperimentConfig config, Provenance provenance, RunResult result) {
    }

    /**
     * One compared figure.
     *
     * @param figure    e.g. "epoch 3 validation test.top1" or "primary last"
     * @param original  the recorded value
     * @param rerun     the re-run's value
     * @param gated     whether the figure is one the gate checks (primary metric), so the tolerance applies
     * @param tolerance the gate's single-run tolerance (gated figures), else NaN
     */
    @JsonPropertyOrder({"figure", "original", "rerun", "gated", "tolerance"})
    public record Figure(String figure, double original, double rerun, boolean gated, double tolerance) {

        /** Bit-identical (NaN equals NaN). */
        public boolean identical() {
            return Double.compare(original, rerun) == 0;
        }

        /** Within tolerance (gated figures) or identical (the rest do not count across machines). */
        public boolean withinTolerance() {
            return !gated || identical() || Math.abs(original - rerun) <= tolerance;
        }
    }

    /**
     * The comparison, written as {@code rerun.json} beside the new run.
     *
     * @param original        the recorded run directory
     * @param rerun           the new run directory
     * @param sameMachine     same processor, natives, threads and Java as the recorded run
     * @param identical       every figure bit-identical
     * @param withinTolerance every gated figure within the gate's tolerance
     * @param matched         identical on the same machine, within tolerance on another
     * @param notes           what differs in the environment
     * @param figures         every compared figure
     */
    @JsonPropertyOrder({"original", "rerun", "sameMachine", "identical", "withinTolerance", "matched", "notes", "figures"})
    public record Comparison(String original, String rerun, boolean sameMachine, boolean identical, boolean withinTolerance,
                             boolean matched, List<String> notes, List<Figure> figures) {
    }

    /** Reads a finished run directory, failing clearly when it is not one. */
    public static Recorded read(Path dir) {
        for (String f : List.of("config.json", "provenance.json", "result.json")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ConfigurationException(dir + " is not a finished run directory: it has no " + f
                        + " (pass skelmae.run=<output>/<suite>/<experiment>/seed-<n>)");
            }
        }
        return new Recorded(dir, Json.read(dir.resolve("config.json"), ExperimentConfig.class),
                Json.read(dir.resolve("provenance.json"), Provenance.class), Json.read(dir.resolve("result.json"), RunResult.class));
    }

    /** Compares the re-run's result and provenance with the recorded ones. */
    public static Comparison compare(Recorded original, Path rerunDir, RunResult again, Provenance againProvenance) {
        List<String> notes = new ArrayList<>();
        Provenance p = original.provenance();
        Provenance q = againProvenance;
        boolean same = Objects.equals(p.cpu(), q.cpu()) && Objects.equals(p.nativeVariant(), q.nativeVariant())
                && p.threads() == q.threads() && Objects.equals(p.javaVersion(), q.javaVersion());
        if (!same) {
            notes.add("another machine: recorded " + p.cpu() + ", " + p.nativeVariant() + ", " + p.threads() + " threads, " + p.javaVersion()
                    + "; now " + q.cpu() + ", " + q.nativeVariant() + ", " + q.threads() + " threads, " + q.javaVersion());
        }
        if (!Objects.equals(p.gitCommit(), q.gitCommit())) {
            notes.add("other code: recorded commit " + p.gitCommit() + ", now " + q.gitCommit());
        }
        List<Figure> figures = new ArrayList<>();
        RunResult.Metric a = original.result().primary();
        RunResult.Metric b = again.primary();
        double tol = GateTolerance.of(a.name(), a.last(), 0, 1, 1);
        figures.add(new Figure("primary " + a.name() + " last", a.last(), b.last(), true, tol));
        figures.add(new Figure("primary " + a.name() + " best", a.best(), b.best(), true, tol));
        figures.add(new Figure("primary " + a.name() + " best epoch", a.bestEpoch(), b.bestEpoch(), false, Double.NaN));
        List<EpochMetrics> ea = original.result().epochs();
        List<EpochMetrics> eb = again.epochs();
        if (ea.size() != eb.size()) {
            notes.add("the re-run has " + eb.size() + " epochs, the recorded run " + ea.size());
        }
        for (int i = 0; i < Math.min(ea.size(), eb.size()); i++) {
            epoch(figures, ea.get(i).epoch(), "train", ea.get(i).train(), eb.get(i).train());
            epoch(figures, ea.get(i).epoch(), "validation", ea.get(i).validation(), eb.get(i).validation());
        }
        boolean identical = ea.size() == eb.size() && figures.stream().allMatch(Figure::identical);
        boolean within = ea.size() == eb.size() && figures.stream().allMatch(Figure::withinTolerance);
        return new Comparison(original.dir().toString(), rerunDir.toString(), same, identical, within,
                same ? identical : within, notes, figures);
    }

    private static void epoch(List<Figure> out, int epoch, String part, Map<String, Double> a, Map<String, Double> b) {
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            out.add(new Figure("epoch " + epoch + " " + part + " " + e.getKey(), e.getValue(), other == null ? Double.NaN : other,
                    false, Double.NaN));
        }
    }
}
