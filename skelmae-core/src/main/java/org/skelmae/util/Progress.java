package org.skelmae.util;

/**
 * Receives line-oriented progress messages. Core never prints on its own: callers choose where lines go
 * (standard output, a Maven log, a test's list).
 */
@FunctionalInterface
public interface Progress {

    /** Writes lines to standard output. */
    Progress STDOUT = line -> System.out.println(line);

    /** Discards everything. */
    Progress NONE = line -> { };

    void info(String line);

    /** A warning; by default an info line prefixed with "WARNING: ". */
    default void warn(String line) {
        info("WARNING: " + line);
    }
}
