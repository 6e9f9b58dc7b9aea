package org.skelmae.data.npz;

import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.split.Split;
import org.skelmae.util.AtomicFiles;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a dataset's split in the generic array format {@link NpzDatasets} reads, with skelmae's own entries
 * ({@code frames_*}, {@code names_*}, {@code meta}) so that reading the export back gives the same sequences.
 */
public final class NpzExport {

    private static final int CHUNK = 1 << 14;

    private NpzExport() {
    }

    /** Exports the split of a dataset, atomically. */
    public static void write(Path file, SkeletonDataset d, Split split, NpzLayout layout) throws IOException {
        int tMax = 1;
        for (int[] part : new int[][]{split.train(), split.test()}) {
            for (int i : part) {
                tMax = Math.max(tMax, d.info(i).frames());
            }
        }
        int t = tMax;
        NpzDatasets.Meta meta = new NpzDatasets.Meta(d.name(), d.layout(), d.persons(), d.classNames());
        AtomicFiles.write(file, out -> {
            try (NpzWriter npz = new NpzWriter(out)) {
                for (String part : List.of("train", "test")) {
                    int[] idx = part.equals("train") ? split.train() : split.test();
                    npz.add("x_" + part, o -> writeX(o, d, idx, t, layout));
                    npz.add("y_" + part, o -> writeLongs(o, idx, i -> d.info(i).label()));
                    npz.add("frames_" + part, o -> writeLongs(o, idx, i -> d.info(i).frames()));
                    npz.add("names_" + part, o -> writeStrings(o, idx, i -> d.info(i).name()));
                }
                byte[] metaJson = Json.toString(meta).getBytes(StandardCharsets.UTF_8);
                npz.add("meta", o -> writeScalarString(o, new String(metaJson, StandardCharsets.UTF_8)));
            }
        });
    }

    private static void writeX(OutputStream o, SkeletonDataset d, int[] idx, int t, NpzLayout layout) throws IOException {
        int m = d.persons();
        int v = d.layout().joints();
        long[] shape = layout == NpzLayout.NTU ? new long[]{idx.length, t, (long) m * v * 3}
                : new long[]{idx.length, 3, t, v, m};
        NpyHeader.write(o, "<f4", shape);
        float[] sample = new float[t * m * v * 3];
        ByteBuffer bb = ByteBuffer.allocate(sample.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : idx) {
            SkeletonSequence s = d.get(i);
            java.util.Arrays.fill(sample, 0f);
            float[] xyz = s.xyz();
            if (layout == NpzLayout.NTU) {
                System.arraycopy(xyz, 0, sample, 0, xyz.length);
            } else {
                for (int f = 0; f < s.frames(); f++) {
                    for (int p = 0; p < m; p++) {
                        for (int j = 0; j < v; j++) {
                            for (int c = 0; c < 3; c++) {
                                sample[((c * t + f) * v + j) * m + p] = xyz[s.offset(f, p, j, c)];
                            }
                        }
                    }
                }
            }
            bb.clear();
            bb.asFloatBuffer().put(sample);
            o.write(bb.array(), 0, sample.length * 4);
        }
    }

    private static void writeLongs(OutputStream o, int[] idx, java.util.function.IntUnaryOperator f) throws IOException {
        NpyHeader.write(o, "<i8", new long[]{idx.length});
        ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : idx) {
            bb.clear();
            bb.putLong(f.applyAsInt(i));
            o.write(bb.array());
        }
    }

    private static void writeStrings(OutputStream o, int[] idx, java.util.function.IntFunction<String> f) throws IOException {
        int width = 1;
        for (int i : idx) {
            width = Math.max(width, f.apply(i).codePointCount(0, f.apply(i).length()));
        }
        NpyHeader.write(o, "<U" + width, new long[]{idx.length});
        for (int i : idx) {
            writeUnicode(o, f.apply(i), width);
        }
    }

    private static void writeScalarString(OutputStream o, String s) throws IOException {
        int width = Math.max(1, s.codePointCount(0, s.length()));
        NpyHeader.write(o, "<U" + width, new long[0]);
        writeUnicode(o, s, width);
    }

    private static void writeUnicode(OutputStream o, String s, int width) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(width * 4).order(ByteOrder.LITTLE_ENDIAN);
        s.codePoints().forEach(bb::putInt);
        o.write(bb.array());
    }
}
