package org.skelmae.data.npz;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads elements of any supported {@link NpyHeader} dtype as floats, longs or strings. */
final class NpyValues {

    private final DataInputStream in;
    private final NpyHeader header;
    private final String source;
    private final byte[] buf;
    private final ByteBuffer bb;

    NpyValues(InputStream in, NpyHeader header, String source) {
        this.in = new DataInputStream(in);
        this.header = header;
        this.source = source;
        this.buf = new byte[header.itemSize() * 4096];
        this.bb = ByteBuffer.wrap(buf).order(header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads {@code n} numeric elements into {@code dst[from..from+n)}. */
    void floats(float[] dst, int from, int n) throws IOException {
        int size = header.itemSize();
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, buf.length / size);
            in.readFully(buf, 0, k * size);
            for (int i = 0; i < k; i++) {
                dst[from + done + i] = (float) value(i * size);
            }
            done += k;
        }
    }

    /** Reads {@code n} numeric elements as doubles. */
    double[] doubles(int n) throws IOException {
        double[] out = new double[n];
        int size = header.itemSize();
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, buf.length / size);
            in.readFully(buf, 0, k * size);
            for (int i = 0; i < k; i++) {
                out[done + i] = value(i * size);
            }
            done += k;
        }
        return out;
    }

    /** Reads {@code n} unicode strings (dtype U). */
    String[] strings(int n) throws IOException {
        if (header.kind() != 'U') {
            throw new NpzFormatException(source + ": expected a unicode string array, found dtype " + header.descr());
        }
        int chars = header.itemSize() / 4;
        String[] out = new String[n];
        byte[] one = new byte[header.itemSize()];
        ByteBuffer b = ByteBuffer.wrap(one).order(header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            in.readFully(one);
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < chars; c++) {
                int cp = b.getInt(c * 4);
                if (cp == 0) {
                    break;
                }
                s.appendCodePoint(cp);
            }
            out[i] = s.toString();
        }
        return out;
    }

    private double value(int off) {
        int size = header.itemSize();
        switch (header.kind()) {
            case 'f':
                if (size == 4) {
                    return bb.getFloat(off);
                }
                if (size == 8) {
                    return bb.getDouble(off);
                }
                break;
            case 'i':
                switch (size) {
                    case 1: return bb.get(off);
                    case 2: return bb.getShort(off);
                    case 4: return bb.getInt(off);
                    case 8: return bb.getLong(off);
                    default: break;
                }
                break;
            case 'u':
            case 'b':
                switch (size) {
                    case 1: return bb.get(off) & 0xff;
                    case 2: return bb.getShort(off) & 0xffff;
                    case 4: return bb.getInt(off) & 0xffffffffL;
                    case 8: return bb.getLong(off);
                    default: break;
                }
                break;
            default:
                break;
        }
        throw new NpzFormatException(source + ": dtype " + header.descr() + " is not a supported number type "
                + "(expected float32/64 or an integer type)");
    }
}
