package org.skelmae.suite;

import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Finds declared suites on the classpath ({@code skelmae/suites/index.txt} lists them, one JSON each, as
 * JMH lists benchmarks in an index resource) or reads a suite file given by path.
 */
public final class Suites {

    private static final String DIR = "skelmae/suites/";

    private Suites() {
    }

    /** Names of the suites on the classpath. */
    public static List<String> names() {
        try (InputStream in = Suites.class.getClassLoader().getResourceAsStream(DIR + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")).map(String::trim)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A suite by name, or from a JSON file path; unknown names fail listing the known ones. */
    public static Suite load(String nameOrFile) {
        if (nameOrFile == null || nameOrFile.isBlank()) {
            throw new ConfigurationException("no suite given: pass -Dsuite=<name>, one of " + names());
        }
        Path p = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".json") && Files.isRegularFile(p)) {
            return Json.read(p, Suite.class);
        }
        if (!names().contains(nameOrFile)) {
            throw new ConfigurationException("unknown suite '" + nameOrFile + "': expected one of " + names()
                    + " or the path of a suite JSON file");
        }
        try (InputStream in = Suites.class.getClassLoader().getResourceAsStream(DIR + nameOrFile + ".json")) {
            return Json.read(in, "suite " + nameOrFile, Suite.class, Json.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
