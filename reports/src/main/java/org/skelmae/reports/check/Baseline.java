package org.skelmae.reports.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Committed reference results of a suite (benchmarks module: {@code skelmae/baselines/<suite>.json}):
 * per metric the mean, sample standard deviation and number of runs over the baseline's seeds, and the
 * machine they were measured on. The gate derives each metric's tolerance from that spread
 * ({@link org.skelmae.stats.GateTolerance}); nothing here is a hand-set tolerance.
 *
 * @param schemaVersion layout version ({@link #SCHEMA_VERSION})
 * @param suite         suite name
 * @param dataset       dataset the values were measured on
 * @param preset        preset family
 * @param note          where the values came from (the command)
 * @param machine       where they were measured
 * @param seeds         run seeds of the baseline
 * @param metrics       the gated metrics
 */
@JsonPropertyOrder({"schemaVersion", "suite", "dataset", "preset", "note", "machine", "seeds", "metrics"})
public record Baseline(int schemaVersion, String suite, String dataset, String preset, String note, Machine machine,
                       List<Long> seeds, List<Metric> metrics) {

    /** Current layout version. */
    public static final int SCHEMA_VERSION = 2;

    public Baseline {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("baseline of suite " + suite + " has schemaVersion " + schemaVersion + ", expected "
                    + SCHEMA_VERSION + " (mean, std and n per metric): regenerate it with -Dskelmae.updateBaseline=true");
        }
        seeds = List.copyOf(seeds);
        metrics = List.copyOf(metrics);
    }

    /**
     * The machine a baseline was measured on. The same seed gives the same numbers on one machine only.
     *
     * @param cpu           processor model and vector extensions
     * @param os            operating system
     * @param nativeVariant ND4J natives
     * @param threads       ND4J threads of the runs
     */
    @JsonPropertyOrder({"cpu", "os", "nativeVariant", "threads"})
    public record Machine(String cpu, String os, String nativeVariant, String threads) {
    }

    /**
     * One gated value: the headline (last-epoch) value of a summary row over the baseline's runs.
     *
     * @param group          experiment group (summary row)
     * @param metric         metric name, e.g. test.top1 or validation.loss
     * @param higherIsBetter direction
     * @param mean           mean over runs
     * @param std            sample standard deviation over runs (0 when n = 1)
     * @param n              runs
     */
    @JsonPropertyOrder({"group", "metric", "higherIsBetter", "mean", "std", "n"})
    public record Metric(String group, String metric, boolean higherIsBetter, double mean, double std, int n) {
    }
}
