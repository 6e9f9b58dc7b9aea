package org.skelmae.data.npz;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.util.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Named ND4J arrays to and from an {@code .npz} file that numpy opens directly: used for checkpoints and
 * test fixtures. Float arrays are written as little-endian float32 or float64 (by their data type),
 * integer arrays as int64; entries are sorted by name so the bytes depend only on the content.
 */
public final class NpzArrays {

    private NpzArrays() {
    }

    /** Writes the arrays atomically. */
    public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
        write(file, arrays, Map.of());
    }

    /** Writes the arrays and extra named files (e.g. JSON metadata) atomically. */
    public static void write(Path file, Map<String, INDArray> arrays, Map<String, byte[]> files) throws IOException {
        Map<String, INDArray> sorted = new TreeMap<>(arrays);
        AtomicFiles.write(file, out -> {
            try (NpzWriter npz = new NpzWriter(out)) {
                for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                    npz.addFile(f.getKey(), f.getValue());
                }
                for (Map.Entry<String, INDArray> e : sorted.entrySet()) {
                    npz.add(e.getKey(), o -> writeArray(o, e.getValue()));
                }
            }
        });
    }

    /** A non-array entry of an npz, or null when absent. */
    public static byte[] readFile(Path file, String name) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new NpzFormatException(file + ": cannot read as .npz: " + e.getMessage());
        }
    }

    private static void writeArray(OutputStream o, INDArray a) throws IOException {
        DataType t = a.dataType();
        boolean dbl = t == DataType.DOUBLE;
        boolean integer = t.isIntType();
        String descr = dbl ? "<f8" : integer ? "<i8" : "<f4";
        NpyHeader.write(o, descr, a.shape());
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        int n = Math.toIntExact(c.length());
        ByteBuffer bb;
        if (dbl) {
            bb = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
            bb.asDoubleBuffer().put(c.data().asDouble(), 0, n);
        } else if (integer) {
            bb = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
            bb.asLongBuffer().put(c.data().asLong(), 0, n);
        } else {
            bb = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(c.castTo(DataType.FLOAT).data().asFloat(), 0, n);
        }
        o.write(bb.array());
    }

    /** Reads every array: float types as {@code floatType}, integer types as INT64. */
    public static Map<String, INDArray> read(Path file, DataType floatType) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                String name = e.getName().replaceFirst("\\.npy$", "");
                String src = file + "[" + name + "]";
                try (InputStream in = zip.getInputStream(e)) {
                    NpyHeader h = NpyHeader.read(in, src);
                    if (h.fortranOrder() && h.shape().length > 1) {
                        throw new NpzFormatException(src + ": Fortran-order arrays are not supported");
                    }
                    double[] values = new NpyValues(in, h, src).doubles(Math.toIntExact(h.elements()));
                    boolean integer = h.kind() == 'i' || h.kind() == 'u' || h.kind() == 'b';
                    INDArray a = Nd4j.createFromArray(values).castTo(integer ? DataType.INT64 : floatType);
                    out.put(name, h.shape().length == 0 ? a.reshape() : a.reshape('c', h.shape()));
                }
            }
        } catch (IOException e) {
            throw new NpzFormatException(file + ": cannot read as .npz: " + e.getMessage());
        }
        return out;
    }
}
