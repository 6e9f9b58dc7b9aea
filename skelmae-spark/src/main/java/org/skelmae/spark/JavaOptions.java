package org.skelmae.spark;

import java.lang.management.ManagementFactory;
import java.util.List;

/** The JVM flags Spark 3.5 needs on Java 17, and a check that the driver JVM has them. */
public final class JavaOptions {

    /** Opens the JDK packages Spark reaches into (the same list Spark's own launcher passes). */
    public static final String SPARK_ON_JAVA_17 = String.join(" ", List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"));

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
}
