package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.skelmae.suite.ExperimentExecutor;
import org.skelmae.suite.LocalParallelExecutor;
import org.skelmae.suite.SequentialExecutor;

import java.util.Locale;

/** Chooses how a suite's experiments run. */
final class Executors {

    private Executors() {
    }

    static ExperimentExecutor create(BenchmarkMojo mojo) throws Exception {
        String kind = mojo.executor == null ? "sequential" : mojo.executor.trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "sequential" -> new SequentialExecutor();
            case "local" -> new LocalParallelExecutor(mojo.parallel);
            case "spark" -> SparkSupport.executor(mojo.repositorySystem, mojo.session, mojo.pluginVersion(), mojo.sparkMaster,
                    mojo.output().toAbsolutePath().toString(), mojo.overwrite, mojo.cacheDirectory == null
                            ? DataOptions.cacheDefault().toFile() : mojo.cacheDirectory, mojo.loadOptions().commandProperties());
            default -> throw new MojoFailureException("skelmae.executor must be sequential, local or spark, got '" + mojo.executor + "'");
        };
    }
}
