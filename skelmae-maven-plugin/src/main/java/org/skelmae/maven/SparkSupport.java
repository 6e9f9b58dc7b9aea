package org.skelmae.maven;

import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.skelmae.problem.SkelmaeException;
import org.skelmae.suite.ExperimentExecutor;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the Spark executor without the plugin depending on Spark: resolves skelmae-spark and its
 * dependencies with Maven's resolver, loads them in a child class loader (core stays shared with the
 * plugin), and calls {@code org.skelmae.spark.SparkExecutors.create}.
 */
final class SparkSupport {

    private SparkSupport() {
    }

    static ExperimentExecutor executor(RepositorySystem system, MavenSession session, String version, String master, String output,
                                       boolean overwrite, File cacheDir, java.util.Map<String, String> dataProperties) throws Exception {
        CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact("org.skelmae:skelmae-spark:jar:" + version), "runtime"),
                session.getCurrentProject().getRemoteProjectRepositories());
        List<ArtifactResult> resolved = system.resolveDependencies(session.getRepositorySession(), new DependencyRequest(collect, null))
                .getArtifactResults();
        List<URL> urls = new ArrayList<>();
        List<String> jars = new ArrayList<>();
        for (ArtifactResult r : resolved) {
            File f = r.getArtifact().getFile();
            urls.add(f.toURI().toURL());
            jars.add(f.getAbsolutePath());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), SparkSupport.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> factory = Class.forName("org.skelmae.spark.SparkExecutors", true, loader);
        try {
            return (ExperimentExecutor) factory.getMethod("create", String.class, List.class, String.class, boolean.class, String.class,
                    java.util.Map.class).invoke(null, master, jars, output, overwrite, cacheDir == null ? null : cacheDir.getAbsolutePath(),
                    dataProperties);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // an expected problem (this JVM lacks Spark's flags) goes on as itself, a BUILD FAILURE; anything else stays an error
            if (e.getCause() instanceof SkelmaeException expected) {
                throw expected;
            }
            throw e;
        }
    }
}
