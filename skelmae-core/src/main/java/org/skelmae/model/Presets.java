package org.skelmae.model;

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
 * Named model configurations shipped as JSON resources: {@code paper-mae}, {@code paper-mvae} (Table 9),
 * {@code paper-mvqvae} (Table 10), the CPU presets {@code cpu-*} sized for NW-UCLA on two cores, and the
 * {@code tiny-*} presets used by tests, and the graph family's {@code paper-gin-mae}, {@code cpu-gin-mae}
 * and {@code tiny-gin-mae}. A path to a JSON file of either form is accepted too.
 */
public final class Presets {

    private static final String DIR = "/org/skelmae/model/presets/";

    private Presets() {
    }

    /** The names of the shipped presets. */
    public static List<String> names() {
        try (InputStream in = Presets.class.getResourceAsStream(DIR + "index.txt")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipped STTFormer-family preset by name, or such a config file by path. */
    public static ModelConfig load(String nameOrFile) {
        try (InputStream in = open(nameOrFile)) {
            return Json.read(in, source(nameOrFile), ModelConfig.class, Json.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipped preset's JSON by name, or a config file's by path. */
    public static InputStream open(String nameOrFile) throws IOException {
        if (names().contains(nameOrFile)) {
            return Presets.class.getResourceAsStream(DIR + nameOrFile + ".json");
        }
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p)) {
            return Files.newInputStream(p);
        }
        throw new ConfigurationException("unknown preset '" + nameOrFile + "': expected one of " + names()
                + " or the path of a model config JSON file");
    }

    /** How errors name a preset or file. */
    public static String source(String nameOrFile) {
        return names().contains(nameOrFile) ? "preset " + nameOrFile : nameOrFile;
    }
}
