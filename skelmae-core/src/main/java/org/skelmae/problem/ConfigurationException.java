package org.skelmae.problem;

/**
 * Bad configuration, which the user fixes in what they gave: a suite, preset or config JSON file (unreadable,
 * malformed, or with a value out of range), a system property or Mojo parameter ({@code -Dskelmae.*}), a
 * command-line argument, a dataset spec, a checkpoint that does not fit the model or run it is given to, or options
 * that do not fit together. The message names the file, field, property or argument, what was given and what was
 * expected. Part of the {@link SkelmaeException} contract: a BUILD FAILURE, never a crash.
 */
public class ConfigurationException extends SkelmaeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
