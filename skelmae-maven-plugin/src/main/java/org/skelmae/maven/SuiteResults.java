package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Finds the results.json a report or check goal works on. */
final class SuiteResults {

    private SuiteResults() {
    }

    /**
     * The given file; else the given suite's results under the output folder; else the most recently
     * written results.json under it.
     */
    static Path locate(Path root, File given, String suite, Path output) throws MojoFailureException {
        if (given != null) {
            Path p = root.resolve(given.toPath()).normalize();
            if (!Files.isRegularFile(p)) {
                throw new MojoFailureException("results file " + p + " does not exist");
            }
            return p;
        }
        if (suite != null && !suite.isBlank()) {
            Path p = output.resolve(suite).resolve("results.json");
            if (!Files.isRegularFile(p)) {
                throw new MojoFailureException("no results for suite " + suite + " in " + output + ": run mvn skelmae:benchmark -Dsuite=" + suite + " first");
            }
            return p;
        }
        try (Stream<Path> s = Files.isDirectory(output) ? Files.list(output) : Stream.empty()) {
            return s.map(d -> d.resolve("results.json")).filter(Files::isRegularFile)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new MojoFailureException("no suite results under " + output
                            + ": run mvn skelmae:benchmark -Dsuite=<name> first, or pass -Dskelmae.results=<results.json>"));
        } catch (IOException e) {
            throw new MojoFailureException("cannot list " + output + ": " + e.getMessage(), e);
        }
    }

    static SuiteResult read(Path file) {
        return Json.read(file, SuiteResult.class);
    }
}
