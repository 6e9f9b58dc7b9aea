package org.skelmae.data.npz;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.DataFingerprint;
import org.skelmae.data.InMemoryDataset;
import org.skelmae.data.JointLayout;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.Normalization;
import org.skelmae.data.SampleAttributes;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.split.Split;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;
import org.skelmae.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The generic array format: an {@code .npz} holding {@code x_train}, {@code y_train}, {@code x_test},
 * {@code y_test}. x is NTU style (N, T, M·V·3) or (N, C, T, V, M); y is integer labels (N) or one-hot
 * (N, K). Frames that are all zero at the end of a sequence are padding.
 *
 * <p>skelmae also writes ({@link NpzExport}), and reads when present, {@code frames_*} (valid lengths), {@code names_*}
 * (sample names) and {@code meta} (a JSON string with the joint layout and class names), so that an
 * export followed by an import gives back exactly the same sequences.
 */
public final class NpzDatasets {

    /** The metadata skelmae stores in the {@code meta} entry. */
    @JsonPropertyOrder({"dataset", "layout", "persons", "classNames"})
    public record Meta(String dataset, JointLayout layout, int persons, List<String> classNames) {
    }

    private NpzDatasets() {
    }


    /**
     * Imports an {@code .npz}.
     *
     * @param layout the joint layout, or null to take it from {@code meta} or infer it (25 joints: Kinect
     *               v2, 20 joints: Kinect v1)
     */
    public static LoadedDataset read(Path file, JointLayout layout) {
        return read(file, layout, Normalization.NONE, null);
    }

    /**
     * Imports an {@code .npz} and normalises its sequences (see {@link Normalization}). The mode is recorded
     * in the fingerprint's parameters ({@code normalize}) so provenance shows it. With {@code progress}, a
     * line says which normalisation was applied and what the input looked like, and a warning is given
     * when the coordinates look raw (centre joint far from the origin relative to the body's spread) and are
     * kept as they are.
     *
     * @param layout    the joint layout, or null to take it from {@code meta} or infer it
     * @param normalize the normalisation, or null for the default: {@link Normalization#CENTRE} for foreign files,
     *                  {@link Normalization#NONE} for skelmae exports (they carry their dataset's own preprocessing)
     * @param progress  where the lines go; null for silence
     */
    public static LoadedDataset read(Path file, JointLayout layout, Normalization normalize, Progress progress) {
        String src = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Meta meta = null;
            if (zip.getEntry("meta.npy") != null) {
                String json = readStrings(zip, "meta", src, -1)[0];
                try {
                    meta = Json.read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), src + "[meta]", Meta.class,
                            Json.mapper());
                } catch (ConfigurationException e) {
                    // the meta entry is part of the data file, not of the configuration
                    throw new NpzFormatException(e.getMessage(), e);
                }
            }
            for (String k : List.of("x_train", "y_train", "x_test", "y_test")) {
                if (zip.getEntry(k + ".npy") == null) {
                    throw new NpzFormatException(src + ": expected arrays x_train, y_train, x_test, y_test; '" + k
                            + "' is missing (found " + entries(zip) + ")");
                }
            }
            List<SkeletonSequence> all = new ArrayList<>();
            Part train = readPart(zip, "train", src, layout, meta);
            Part test = readPart(zip, "test", src, layout == null ? train.layout : layout, meta);
            JointLayout lay = train.layout;
            if (train.persons != test.persons || !train.layout.equals(test.layout)) {
                throw new NpzFormatException(src + ": x_train and x_test disagree on persons or joints ("
                        + train.persons + "x" + train.layout.joints() + " vs " + test.persons + "x" + test.layout.joints() + ")");
            }
            all.addAll(train.sequences);
            all.addAll(test.sequences);
            int classes = Math.max(train.classes, test.classes);
            List<String> names;
            if (meta != null) {
                names = meta.classNames();
                if (names.size() < classes) {
                    throw new NpzFormatException(src + ": meta lists " + names.size() + " classes but labels go up to " + (classes - 1));
                }
            } else {
                names = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    names.add("class " + c);
                }
            }
            int nTrain = train.sequences.size();
            int[] trainIdx = java.util.stream.IntStream.range(0, nTrain).toArray();
            int[] testIdx = java.util.stream.IntStream.range(nTrain, all.size()).toArray();
            String name = meta != null ? meta.dataset() : "npz:" + file.getFileName();
            boolean defaulted = normalize == null;
            Normalization mode = defaulted ? (meta != null ? Normalization.NONE : Normalization.CENTRE) : normalize;
            Normalization.RawStatistics stats = Normalization.RawStatistics.of(all, lay);
            for (SkeletonSequence seq : all) {
                try {
                    mode.apply(seq.xyz(), seq.frames(), seq.persons(), lay);
                } catch (IllegalArgumentException e) {
                    throw new NpzFormatException(src + ": sample " + seq.name() + " cannot be normalised (" + mode.id()
                            + "): " + e.getMessage() + "; pass skelmae.normalize=none to keep it as stored");
                }
            }
            if (progress != null) {
                progress.info(String.format(java.util.Locale.ROOT, "%s: normalisation %s%s; input %s", name, mode.id(),
                        !defaulted ? " (as requested)" : meta != null
                                ? " (default for skelmae exports, which carry their dataset's preprocessing)"
                                : " (default for .npz: each sequence centred on joint " + lay.centreJoint() + " of its first valid frame;"
                                + " -Dskelmae.normalize=none keeps the stored coordinates, centre-scale also scales to unit mean bone length)",
                        stats.describe()));
                if (mode == Normalization.NONE && stats.looksRaw()) {
                    progress.warn(rawWarning(name, stats));
                }
            }
            Map<String, String> params = new java.util.LinkedHashMap<>();
            params.put("format", "npz");
            params.put("layout", lay.name());
            params.put("normalize", mode.id());
            DataFingerprint fp = new DataFingerprint(file.toAbsolutePath().toString(), 1, Sha256.ofFile(file), params);
            InMemoryDataset d = new InMemoryDataset(name, lay, train.persons, names, all, fp, List.of());
            return new LoadedDataset(d, new Split("npz", trainIdx, testIdx));
        } catch (IOException e) {
            throw new NpzFormatException(src + ": cannot read as .npz (zip): " + e.getMessage());
        }
    }

    /** The warning for raw-looking coordinates kept as stored. */
    public static String rawWarning(String dataset, Normalization.RawStatistics stats) {
        return String.format(java.util.Locale.ROOT, "%s: coordinates look RAW (%s: the centre joint is more than %.0f body spreads"
                        + " from the origin); models learn little from camera offsets: pass -Dskelmae.normalize=centre (or centre-scale)",
                dataset, stats.describe(), Normalization.RAW_RATIO);
    }

    private record Part(List<SkeletonSequence> sequences, JointLayout layout, int persons, int classes) {
    }

    private static Part readPart(ZipFile zip, String part, String src, JointLayout given, Meta meta) throws IOException {
        String xName = src + "[x_" + part + "]";
        long[] labels;
        int classes;
        try (InputStream in = zip.getInputStream(zip.getEntry("y_" + part + ".npy"))) {
            String yName = src + "[y_" + part + "]";
            NpyHeader h = NpyHeader.read(in, yName);
            double[] y = new NpyValues(in, h, yName).doubles(Math.toIntExact(h.elements()));
            if (h.shape().length == 1) {
                labels = new long[y.length];
                classes = 0;
                for (int i = 0; i < y.length; i++) {
                    if (y[i] != Math.rint(y[i]) || y[i] < 0) {
                        throw new NpzFormatException(yName + ": label " + i + " is " + y[i] + ", expected a non-negative integer");
                    }
                    labels[i] = (long) y[i];
                    classes = (int) Math.max(classes, labels[i] + 1);
                }
            } else if (h.shape().length == 2) {
                int n = (int) h.shape()[0];
                int k = (int) h.shape()[1];
                labels = new long[n];
                classes = k;
                for (int i = 0; i < n; i++) {
                    int hot = -1;
                    for (int c = 0; c < k; c++) {
                        double v = y[i * k + c];
                        if (v == 1) {
                            if (hot >= 0) {
                                throw new NpzFormatException(yName + ": row " + i + " has more than one 1, expected one-hot labels");
                            }
                            hot = c;
                        } else if (v != 0) {
                            throw new NpzFormatException(yName + ": row " + i + " holds " + v + ", expected one-hot labels (0 or 1)");
                        }
                    }
                    if (hot < 0) {
                        throw new NpzFormatException(yName + ": row " + i + " has no 1, expected one-hot labels");
                    }
                    labels[i] = hot;
                }
            } else {
                throw new NpzFormatException(yName + ": expected shape (N) or (N, K), found " + h);
            }
        }
        long[] frames = zip.getEntry("frames_" + part + ".npy") != null ? readLongs(zip, "frames_" + part, src) : null;
        String[] names = zip.getEntry("names_" + part + ".npy") != null ? readStrings(zip, "names_" + part, src, labels.length) : null;
        try (InputStream in = zip.getInputStream(zip.getEntry("x_" + part + ".npy"))) {
            NpyHeader h = NpyHeader.read(in, xName);
            long[] s = h.shape();
            if (h.fortranOrder() && s.length > 1) {
                throw new NpzFormatException(xName + ": Fortran-order arrays are not supported; re-save x with "
                        + "numpy.ascontiguousarray(x)");
            }
            if (h.kind() != 'f') {
                throw new NpzFormatException(xName + ": expected a float array, found dtype " + h.descr());
            }
            boolean ntu = s.length == 3;
            if (!ntu && s.length != 5) {
                throw new NpzFormatException(xName + ": expected shape (N, T, M*V*3) or (N, C, T, V, M), found " + h);
            }
            if (s[0] != labels.length) {
                throw new NpzFormatException(xName + ": holds " + s[0] + " samples but y_" + part + " has " + labels.length + " labels");
            }
            int t = (int) s[ntu ? 1 : 2];
            JointLayout layout = given != null ? given : meta != null ? meta.layout() : null;
            int persons;
            if (ntu) {
                int width = (int) s[2];
                if (layout == null) {
                    layout = width % 75 == 0 && width / 75 <= 4 ? JointLayout.KINECT_V2
                            : width % 60 == 0 && width / 60 <= 4 ? JointLayout.KINECT_V1 : null;
                }
                if (layout == null || width % (layout.joints() * 3) != 0) {
                    throw new NpzFormatException(xName + ": rows of " + width + " values do not split into persons of "
                            + (layout == null ? "a known layout (25 or 20 joints)" : layout.joints() + " joints x 3")
                            + "; give the joint layout explicitly");
                }
                persons = width / (layout.joints() * 3);
            } else {
                if (s[1] != 3) {
                    throw new NpzFormatException(xName + ": expected C = 3 coordinates in (N, C, T, V, M), found C = " + s[1]);
                }
                int v = (int) s[3];
                if (layout == null) {
                    layout = v == 25 ? JointLayout.KINECT_V2 : v == 20 ? JointLayout.KINECT_V1 : null;
                }
                if (layout == null || layout.joints() != v) {
                    throw new NpzFormatException(xName + ": V = " + v + " joints does not match "
                            + (layout == null ? "a known layout (25 or 20 joints)" : "layout " + layout));
                }
                persons = (int) s[4];
            }
            int v = layout.joints();
            int per = t * persons * v * 3;
            float[] raw = new float[per];
            NpyValues values = new NpyValues(in, h, xName);
            List<SkeletonSequence> out = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                values.floats(raw, 0, per);
                float[] tmv = ntu ? raw : toTmvc(raw, t, v, persons);
                int valid = frames != null ? (int) frames[i] : lastNonZeroFrame(tmv, t, persons * v * 3) + 1;
                if (valid < 1 || valid > t) {
                    throw new NpzFormatException(xName + ": sample " + i + (valid < 1 ? " is all zeros (no valid frame)"
                            : " declares " + valid + " frames but x has " + t));
                }
                float[] xyz = java.util.Arrays.copyOf(tmv, valid * persons * v * 3);
                for (int k = 0; k < xyz.length; k++) {
                    if (!Float.isFinite(xyz[k])) {
                        throw new NpzFormatException(xName + ": sample " + i + " holds a non-finite coordinate at frame "
                                + (k / (persons * v * 3)) + " (expected finite numbers)");
                    }
                }
                String name = names != null ? names[i] : String.format(java.util.Locale.ROOT, "%s_%06d", part, i);
                out.add(new SkeletonSequence(name, (int) labels[i], valid, persons, v, xyz, persons,
                        SampleAttributes.fromName(name, part)));
            }
            return new Part(out, layout, persons, classes);
        }
    }

    private static float[] toTmvc(float[] ctvm, int t, int v, int m) {
        float[] out = new float[ctvm.length];
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < t; f++) {
                for (int j = 0; j < v; j++) {
                    for (int p = 0; p < m; p++) {
                        out[((f * m + p) * v + j) * 3 + c] = ctvm[((c * t + f) * v + j) * m + p];
                    }
                }
            }
        }
        return out;
    }

    private static int lastNonZeroFrame(float[] tmvc, int t, int row) {
        for (int f = t - 1; f >= 0; f--) {
            for (int k = f * row; k < (f + 1) * row; k++) {
                if (tmvc[k] != 0f) {
                    return f;
                }
            }
        }
        return -1;
    }

    private static long[] readLongs(ZipFile zip, String key, String src) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(key + ".npy"))) {
            String name = src + "[" + key + "]";
            NpyHeader h = NpyHeader.read(in, name);
            double[] d = new NpyValues(in, h, name).doubles(Math.toIntExact(h.elements()));
            long[] out = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (long) d[i];
            }
            return out;
        }
    }

    private static String[] readStrings(ZipFile zip, String key, String src, int expected) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(key + ".npy"))) {
            String name = src + "[" + key + "]";
            NpyHeader h = NpyHeader.read(in, name);
            int n = Math.toIntExact(h.elements());
            if (expected >= 0 && n != expected) {
                throw new NpzFormatException(name + ": holds " + n + " names, expected " + expected);
            }
            return new NpyValues(in, h, name).strings(n);
        }
    }

    private static String entries(ZipFile zip) {
        TreeSet<String> names = new TreeSet<>();
        Enumeration<? extends ZipEntry> e = zip.entries();
        while (e.hasMoreElements()) {
            names.add(e.nextElement().getName().replaceFirst("\\.npy$", ""));
        }
        return String.join(", ", names);
    }
}
