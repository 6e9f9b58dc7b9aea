package org.skelmae.data;

import java.nio.file.Path;

/**
 * Line and field reader over the bytes of a whitespace-separated text file, with number parsing that
 * reports the file, line and field on failure. Built for the NTU {@code .skeleton} format: files of a
 * few hundred kilobytes, read whole, parsed without creating a String per token.
 */
public final class TextCursor {

    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final Path file;
    private final byte[] buf;
    private int pos;
    private int line;
    private final int[] starts = new int[16];
    private final int[] ends = new int[16];
    private int count;

    public TextCursor(Path file, byte[] content) {
        this.file = file;
        this.buf = content;
    }

    /** 1-based number of the current line (0 before the first {@link #next}). */
    public int line() {
        return line;
    }

    public Path file() {
        return file;
    }

    /**
     * Moves to the next line and splits it on whitespace.
     *
     * @param what description of the expected record, used in the end-of-file error
     * @return the number of fields on the line (at most 16 are kept)
     */
    public int next(String what) {
        if (pos >= buf.length) {
            throw error(line + 1, "unexpected end of file: expected " + what + " (the file is truncated)");
        }
        line++;
        count = 0;
        int i = pos;
        while (i < buf.length && buf[i] != '\n') {
            byte b = buf[i];
            if (b == ' ' || b == '\t' || b == '\r') {
                i++;
                continue;
            }
            int s = i;
            while (i < buf.length && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' && buf[i] != '\n') {
                i++;
            }
            if (count < starts.length) {
                starts[count] = s;
                ends[count] = i;
            }
            count++;
        }
        pos = i < buf.length ? i + 1 : i;
        return count;
    }

    /** Reads the next line and requires exactly {@code n} fields. */
    public void expectFields(int n, String what) {
        int c = next(what);
        if (c != n) {
            throw error(line, "expected " + what + " (" + n + " field" + (n == 1 ? "" : "s") + "), found " + c
                    + " field" + (c == 1 ? "" : "s") + (c == 0 ? " (empty line)" : ""));
        }
    }

    /** True when only whitespace remains. */
    public boolean atEnd() {
        for (int i = pos; i < buf.length; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The raw text of field i of the current line. */
    public String text(int i) {
        return new String(buf, starts[i], ends[i] - starts[i], java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Field i as a non-negative int. */
    public int nonNegativeInt(int i, String what) {
        int s = starts[i];
        int e = ends[i];
        if (e - s > 9) {
            throw error(line, "expected " + what + " (a non-negative integer), found '" + text(i) + "'");
        }
        int v = 0;
        for (int k = s; k < e; k++) {
            int d = buf[k] - '0';
            if (d < 0 || d > 9) {
                throw error(line, "expected " + what + " (a non-negative integer), found '" + text(i) + "'");
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Field i as a finite float. */
    public float finiteFloat(int i, String what) {
        double v = number(i, what);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw error(line, "expected " + what + " to be a finite number, found '" + text(i) + "'");
        }
        return (float) v;
    }

    /**
     * Field i as a number; NaN and infinities are accepted in any spelling the Kinect SDK writes
     * ({@code NaN}, {@code -nan}, {@code 1.#QNAN}, {@code inf}, ...).
     */
    public double number(int i, String what) {
        int s = starts[i];
        int e = ends[i];
        double fast = fastParse(s, e);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String t = text(i);
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("nan") || lower.contains("#ind") || lower.contains("#q")) {
            return Double.NaN;
        }
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity") || lower.contains("#inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf") || lower.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            throw error(line, "expected " + what + " (a number), found '" + t + "'");
        }
    }

    /** Exactly-rounded decimal parsing for the common short case; NaN means "use the slow path". */
    private double fastParse(int s, int e) {
        int i = s;
        boolean neg = false;
        if (i < e && (buf[i] == '-' || buf[i] == '+')) {
            neg = buf[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int fracDigits = 0;
        boolean any = false;
        while (i < e && buf[i] >= '0' && buf[i] <= '9') {
            if (digits < 18) {
                mant = mant * 10 + (buf[i] - '0');
                if (mant != 0) {
                    digits++;
                }
            } else {
                return Double.NaN;
            }
            any = true;
            i++;
        }
        if (i < e && buf[i] == '.') {
            i++;
            while (i < e && buf[i] >= '0' && buf[i] <= '9') {
                if (digits >= 18) {
                    return Double.NaN;
                }
                mant = mant * 10 + (buf[i] - '0');
                if (mant != 0) {
                    digits++;
                }
                fracDigits++;
                any = true;
                i++;
            }
        }
        if (!any) {
            return Double.NaN;
        }
        int exp = 0;
        if (i < e && (buf[i] == 'e' || buf[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < e && (buf[i] == '-' || buf[i] == '+')) {
                eneg = buf[i] == '-';
                i++;
            }
            int es = i;
            while (i < e && buf[i] >= '0' && buf[i] <= '9' && i - es < 4) {
                exp = exp * 10 + (buf[i] - '0');
                i++;
            }
            if (i == es) {
                return Double.NaN;
            }
            exp = eneg ? -exp : exp;
        }
        if (i != e || mant > (1L << 53)) {
            return Double.NaN;
        }
        int p = exp - fracDigits;
        double v;
        if (p == 0) {
            v = mant;
        } else if (p > 0 && p < POW10.length) {
            v = mant * POW10[p];
        } else if (p < 0 && -p < POW10.length) {
            v = mant / POW10[-p];
        } else {
            return Double.NaN;
        }
        return neg ? -v : v;
    }

    /** An error at the given line of this file. */
    public SkeletonDataException error(int atLine, String detail) {
        return new SkeletonDataException(file, atLine, detail);
    }
}
