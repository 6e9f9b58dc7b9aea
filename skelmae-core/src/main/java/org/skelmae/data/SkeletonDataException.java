package org.skelmae.data;

import org.skelmae.problem.SkelmaeException;

import java.nio.file.Path;

/**
 * A skeleton source that cannot be read as expected. The message always names the file, the line where
 * the problem was found (when the format has lines) and what was expected. Bad data, see {@link SkelmaeException}.
 */
public class SkeletonDataException extends SkelmaeException {

    private final String file;
    private final int line;
    private final String detail;

    /**
     * @param file   the offending file
     * @param line   1-based line number, or 0 when the problem is not tied to a line
     * @param detail what was expected and what was found
     */
    public SkeletonDataException(Path file, int line, String detail) {
        this(file == null ? "<unknown>" : file.toString(), line, detail, null);
    }

    public SkeletonDataException(String file, int line, String detail) {
        this(file, line, detail, null);
    }

    public SkeletonDataException(String file, int line, String detail, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail, cause);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** The offending file as given. */
    public String file() {
        return file;
    }

    /** 1-based line, or 0 when not tied to a line. */
    public int line() {
        return line;
    }

    /** The message without the file and line prefix. */
    public String detail() {
        return detail;
    }
}
