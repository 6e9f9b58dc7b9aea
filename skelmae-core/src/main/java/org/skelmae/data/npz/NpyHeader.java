package org.skelmae.data.npz;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0): element type, byte
 * order, memory order and shape. Reading validates everything and says what was expected.
 *
 * @param descr        the dtype string, e.g. {@code <f4}, {@code >i8}, {@code <U20}
 * @param fortranOrder whether the data is column-major
 * @param shape        the dimensions ({@code []} for a scalar)
 * @param headerBytes  total bytes before the data (magic, version, length, dict)
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape, int headerBytes) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Number of elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Byte order: true for big-endian. Single-byte types count as little-endian. */
    public boolean bigEndian() {
        return descr.charAt(0) == '>';
    }

    /** Type kind: f (float), i (signed), u (unsigned), b (bool), U (unicode). */
    public char kind() {
        return descr.charAt(1);
    }

    /** Bytes per element (for U, 4 per character). */
    public int itemSize() {
        int n = Integer.parseInt(descr.substring(2));
        return kind() == 'U' ? 4 * n : n;
    }

    /** Reads and validates a header; {@code source} names the array in errors. */
    public static NpyHeader read(InputStream in, String source) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[6];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpzFormatException(source + ": not a .npy array (the magic string \\x93NUMPY is missing)");
        }
        int major = d.readUnsignedByte();
        d.readUnsignedByte();
        int len;
        int prefix;
        if (major == 1) {
            len = d.readUnsignedByte() | (d.readUnsignedByte() << 8);
            prefix = 10;
        } else if (major == 2 || major == 3) {
            len = d.readUnsignedByte() | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16) | (d.readUnsignedByte() << 24);
            prefix = 12;
        } else {
            throw new NpzFormatException(source + ": .npy format version " + major + " is not supported (expected 1, 2 or 3)");
        }
        byte[] dict = new byte[len];
        d.readFully(dict);
        String h = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(h);
        Matcher mf = FORTRAN.matcher(h);
        Matcher ms = SHAPE.matcher(h);
        if (!md.find() || !mf.find() || !ms.find()) {
            throw new NpzFormatException(source + ": malformed .npy header (expected 'descr', 'fortran_order' and 'shape'): " + h.trim());
        }
        String descr = md.group(1);
        if (!descr.matches("[<>|=][fiubU]\\d+")) {
            throw new NpzFormatException(source + ": dtype '" + descr + "' is not supported (expected a plain number, bool or unicode type)");
        }
        if (descr.charAt(0) == '=' || descr.charAt(0) == '|') {
            descr = "<" + descr.substring(1);
        }
        List<Long> dims = new ArrayList<>();
        for (String part : ms.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        return new NpyHeader(descr, mf.group(1).equals("True"), dims.stream().mapToLong(Long::longValue).toArray(), prefix + len);
    }

    /** Writes a version 1.0 header padded to a multiple of 64 bytes. */
    public static void write(OutputStream out, String descr, long[] shape) throws IOException {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                s.append(i < shape.length - 1 ? ", " : ",");
            }
        }
        s.append("), }");
        int total = 10 + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        if (s.length() > 65535) {
            throw new IllegalArgumentException("npy header too long");
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(MAGIC);
        b.write(1);
        b.write(0);
        b.write(s.length() & 0xff);
        b.write((s.length() >> 8) & 0xff);
        b.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b.toByteArray());
    }

    @Override
    public String toString() {
        return descr + Arrays.toString(shape) + (fortranOrder ? " (Fortran order)" : "");
    }
}
