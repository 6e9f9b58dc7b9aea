package org.skelmae.spark;

import org.skelmae.problem.ConfigurationException;
import org.skelmae.suite.ExperimentExecutor;

import java.util.List;

/**
 * The entry point the Maven plugin calls (reflectively, from a class loader that adds Spark): plain
 * types in, core's {@link ExperimentExecutor} out.
 */
public final class SparkExecutors {

    private SparkExecutors() {
    }

    /**
     * @param master    local[N], local[N,maxFailures], spark://host:port, yarn or k8s://...
     * @param jars      jars the executors need; ignored for local masters
     * @param output    run directories, on a path every worker sees
     * @param overwrite replace existing run directories
     * @param cacheDir  data cache on each worker, or null
     * @param dataProperties data options that shape the arrays (for the runs' re-run commands)
     * @throws ConfigurationException when this JVM lacks the Java 17 flags Spark needs
     */
    public static ExperimentExecutor create(String master, List<String> jars, String output, boolean overwrite, String cacheDir,
                                            java.util.Map<String, String> dataProperties) {
        String missing = JavaOptions.missingInThisJvm();
        if (missing != null) {
            throw new ConfigurationException(missing);
        }
        return new SparkExecutor(master, master.startsWith("local") ? List.of() : jars, new TaskSpec(output, overwrite, cacheDir, new java.util.LinkedHashMap<>(dataProperties)));
    }
}
