package org.skelmae.spark;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark JVM flags are one list: the root pom's property, filtered into the jar, and .mvn/jvm.config for Maven's JVM. */
class JavaOptionsTest {

    @Test
    void theFlagsCameFromThePomAndOpenWhatSparkNeeds() {
        List<String> flags = Arrays.asList(JavaOptions.SPARK_ON_JAVA_17.split(" "));
        assertEquals(13, flags.size(), JavaOptions.SPARK_ON_JAVA_17);
        assertTrue(flags.stream().allMatch(f -> f.startsWith("--add-opens=java.base/") && f.endsWith("=ALL-UNNAMED")), flags.toString());
        assertTrue(flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), flags.toString());
    }

    @Test
    void mavensJvmConfigOpensTheSamePackages() throws Exception {
        Path config = Path.of("..", ".mvn", "jvm.config");
        List<String> maven = Arrays.asList(Files.readString(config).trim().split("\\s+"));
        assertEquals(Arrays.asList(JavaOptions.SPARK_ON_JAVA_17.split(" ")), maven,
                config + " must hold the root pom's skelmae.spark.javaOptions, in the same order");
    }
}
