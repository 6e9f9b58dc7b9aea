package org.skelmae.spark;

import java.io.Serializable;

/**
 * What every Spark task needs besides its experiment: where run directories go (a path every worker
 * sees), whether to replace existing ones, and where the worker keeps its preprocessed data cache.
 *
 * @param output    shared root of the run directories
 * @param overwrite replace existing run directories
 * @param cacheDir  data cache on the worker (null: parse into memory)
 * @param dataProperties data options that shape the arrays, for each run's re-run command
 */
public record TaskSpec(String output, boolean overwrite, String cacheDir, java.util.LinkedHashMap<String, String> dataProperties) implements Serializable {
}
