package org.skelmae.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JVM flags Spark 3.5 needs on Java 17, and a check that the driver JVM has them. */
public final class JavaOptions {

    /**
     * Opens the JDK packages Spark reaches into (the same list Spark's own launcher passes). The list is written once,
     * as the root pom's {@code skelmae.spark.javaOptions}, and filtered into {@code java-options.txt} at build time;
     * {@code .mvn/jvm.config} repeats it for Maven's own JVM, which reads no pom (JavaOptionsTest keeps the two equal).
     */
    public static final String SPARK_ON_JAVA_17 = read("java-options.txt");

    private JavaOptions() {
    }

    /** Null when this JVM can run a Spark driver, else what to add and where. */
    public static String missingInThisJvm() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean ok = args.stream().anyMatch(a -> a.contains("java.base/sun.nio.ch=ALL-UNNAMED"))
                && args.stream().anyMatch(a -> a.contains("java.base/java.nio=ALL-UNNAMED"));
        return ok ? null : "this JVM lacks the flags Spark needs on Java 17; add them to .mvn/jvm.config (this project ships one) "
                + "or MAVEN_OPTS: " + SPARK_ON_JAVA_17;
    }

    private static String read(String resource) {
        try (InputStream in = JavaOptions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("org/skelmae/spark/" + resource + " is missing from the skelmae-spark jar");
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!flags.startsWith("--add-opens=")) {
                throw new IllegalStateException("org/skelmae/spark/" + resource + " holds '" + flags + "', expected the --add-opens flags"
                        + " of the root pom's skelmae.spark.javaOptions (was the resource filtered?)");
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/skelmae/spark/" + resource, e);
        }
    }
}
