package org.skelmae.reports.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Committed reference results of a suite (benchmarks module: {@code skelmae/baselines/<suite>.json} for the ND4J
 * engine, {@code <suite>.<engine>.json} for another, see {@link #resource}): per metric the mean, sample standard
 * deviation and number of runs over the baseline's seeds, and the machine and engine they were measured on. The gate derives each metric's tolerance from that spread
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
            throw new ConfigurationException("baseline of suite " + suite + " has schemaVersion " + schemaVersion + ", expected "
                    + SCHEMA_VERSION + " (mean, std and n per metric): regenerate it with -Dskelmae.updateBaseline=true");
        }
        seeds = List.copyOf(seeds);
        metrics = List.copyOf(metrics);
    }

    /**
     * The class-path resource holding the committed baseline of a suite on an engine: {@code <suite>.json} for the
     * default engine (ND4J), {@code <suite>.<engine>.json} for another. The engines agree per step in float64 but
     * train apart in float32, so each gates against its own measurement.
     */
    public static String resource(String suite, String engine) {
        return "skelmae/baselines/" + suite + (engine == null || engine.equals(DEFAULT_ENGINE) ? "" : "." + engine) + ".json";
    }

    /** The committed baseline of a suite on an engine ({@link #resource}) from the class path, or null when none is shipped. */
    public static Baseline shipped(String suite, String engine) {
        String resource = resource(suite, engine);
        try (InputStream in = Baseline.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : Json.read(in, resource, Baseline.class, Json.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The engine of a result or baseline that does not name one: every run before the second engine was ND4J's. */
    public static final String DEFAULT_ENGINE = "nd4j";

    /**
     * The machine and engine a baseline was measured on. The same seed gives the same numbers on one machine and
     * engine only.
     *
     * @param cpu           processor model and vector extensions
     * @param os            operating system
     * @param nativeVariant ND4J natives
     * @param threads       threads of the runs
     * @param engine        the engine that trained ({@code -Dskelmae.engine}); absent in baselines written before the
     *                      second engine, which are ND4J's
     */
    @JsonPropertyOrder({"cpu", "os", "nativeVariant", "threads", "engine"})
    public record Machine(String cpu, String os, String nativeVariant, String threads, String engine) {

        public Machine {
            engine = engine == null ? DEFAULT_ENGINE : engine;
        }
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
