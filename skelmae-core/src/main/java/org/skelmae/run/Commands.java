package org.skelmae.run;

import org.skelmae.engine.Engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command lines recorded in provenance and reports. They are rendered from resolved values (the
 * run's config.json, a suite's resolved plan), never from what happened to be typed, so running one
 * reproduces the run: same configuration, same data options, same output location.
 */
public final class Commands {

    private Commands() {
    }

    /**
     * {@code mvn skelmae:rerun -Dskelmae.run=<run dir>}: rebuilds the run from its config.json into a new
     * directory and compares every metric with the original.
     *
     * @param runDir         the run directory (made absolute)
     * @param dataProperties data options that shape the arrays, as skelmae.* properties (see LoadOptions)
     *                       (the engine and device, when selected with {@code -Dskelmae.engine} and
     *                       {@code -Dskelmae.device}, are added; a CUDA device also needs the {@code gpu} profile)
     */
    public static String rerun(Path runDir, Map<String, String> dataProperties) {
        StringBuilder sb = mvn("skelmae:rerun");
        property(sb, "skelmae.run", runDir.toAbsolutePath().normalize().toString());
        dataProperties.forEach((k, v) -> property(sb, k, v));
        engine(sb);
        return sb.toString();
    }

    /** {@code mvn <goal>}, with the {@code gpu} profile when this JVM selected a CUDA device. */
    public static StringBuilder mvn(String goal) {
        String device = System.getProperty(Engine.DEVICE_PROPERTY);
        return new StringBuilder(device != null && device.trim().startsWith("cuda") ? "mvn -Pgpu " + goal : "mvn " + goal);
    }

    /** Appends the engine and device this JVM selected ({@code -Dskelmae.engine}, {@code -Dskelmae.device}), when given. */
    public static void engine(StringBuilder sb) {
        property(sb, Engine.PROPERTY, System.getProperty(Engine.PROPERTY));
        property(sb, Engine.DEVICE_PROPERTY, System.getProperty(Engine.DEVICE_PROPERTY));
    }

    /** Appends {@code -Dkey=value}, quoting the value for a POSIX shell when it needs it; null or blank is left out. */
    public static void property(StringBuilder sb, String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        sb.append(" -D").append(key).append('=').append(quote(value.toString()));
    }

    static String quote(String v) {
        if (v.matches("[A-Za-z0-9_./:,+=@%-]+")) {
            return v;
        }
        return "'" + v.replace("'", "'\\''") + "'";
    }
}
