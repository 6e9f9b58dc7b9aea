package org.skelmae.data.pyskl;

import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.skelmae.data.DataFingerprint;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.InMemoryDataset;
import org.skelmae.data.JointLayout;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.Normalization;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.split.Split;
import org.skelmae.util.Progress;
import org.skelmae.util.Sha256;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PYSKL's annotation pickles ({@code ntu60_hrnet.pkl}, {@code ntu120_hrnet.pkl}, {@code ntu60_3danno.pkl},
 * {@code gym_hrnet.pkl}, {@code diving48_hrnet.pkl}, or a user's own in that format): a dict with
 * {@code split} (split name → list of {@code frame_dir}) and {@code annotations} (a list of dicts with
 * {@code frame_dir}, {@code label}, {@code keypoint} (M, T, V, C) and, for 2D keypoints,
 * {@code img_shape} (h, w); {@code keypoint_score} and {@code total_frames} are checked when present).
 *
 * <p>As PYSKL prepares them for its GCNs: 2D keypoints are mapped to [-1, 1] by the image size
 * ({@code PreNormalize2D}: x → (x − w/2)/(w/2), y likewise with h) and stored with z = 0; 3D keypoints
 * are kept (then normalised as {@code normalize} says; centred by default, as for foreign .npz files);
 * every sample has {@value #PERSONS} person slots, zero-padded, and of a sample with more persons the
 * first {@value #PERSONS} are kept ({@code FormatGCNInput}), which the reader reports. Scores are not
 * part of the input.
 */
public final class PysklDatasets {

    /** Person slots of every sample, as PYSKL's {@code FormatGCNInput(num_person=2)}. */
    public static final int PERSONS = 2;

    private PysklDatasets() {
    }

    /**
     * Reads the annotations of one train/test pair of the pickle's splits.
     *
     * @param protocol  split prefix ({@code xsub} reads {@code xsub_train} and {@code xsub_val} or
     *                  {@code xsub_test}); null when the file has {@code train} with {@code val}/{@code test},
     *                  or exactly one such prefix
     * @param layout    the joint layout; null to take COCO-17 (17 joints), Kinect v2 (25) or Kinect v1 (20)
     * @param normalize extra normalisation after PYSKL's; null for the default (none for 2D, centre for 3D)
     * @param progress  where the summary lines go
     */
    public static LoadedDataset read(Path file, String protocol, JointLayout layout, Normalization normalize, Progress progress) {
        String src = file.toString();
        Map<?, ?> top = unpickle(file);
        Map<String, List<String>> splits = splits(top, src);
        List<?> annotations = list(top.get("annotations"), src, "key 'annotations'", "a list of dicts");
        String[] pair = PysklSplits.choose(splits.keySet(), protocol, src);

        Map<String, Integer> byName = new HashMap<>();
        int classes = 0;
        for (int i = 0; i < annotations.size(); i++) {
            Map<?, ?> a = annotation(annotations, i, src);
            String name = text(a, "frame_dir", i, src);
            if (byName.put(name, i) != null) {
                throw new SkeletonDataException(src, 0, "annotation " + i + ": frame_dir '" + name + "' appears twice");
            }
            classes = Math.max(classes, label(a, i, src) + 1);
        }
        List<SkeletonSequence> sequences = new ArrayList<>();
        List<int[]> parts = new ArrayList<>();
        Reading reading = new Reading(src, layout);
        for (String splitName : pair) {
            List<Integer> indices = new ArrayList<>();
            for (String name : splits.get(splitName)) {
                Integer i = byName.get(name);
                if (i == null) {
                    throw new SkeletonDataException(src, 0, "split '" + splitName + "' names frame_dir '" + name
                            + "', which no annotation has");
                }
                indices.add(sequences.size());
                sequences.add(reading.sequence(annotation(annotations, i, src), i));
            }
            parts.add(indices.stream().mapToInt(Integer::intValue).toArray());
        }
        JointLayout lay = reading.layout;
        boolean twoD = reading.channels == 2;
        Normalization mode = normalize != null ? normalize : twoD ? Normalization.NONE : Normalization.CENTRE;
        for (SkeletonSequence s : sequences) {
            mode.apply(s.xyz(), s.frames(), s.persons(), lay);
        }

        String dataset = file.getFileName().toString().replaceFirst("\\.pkl$", "");
        List<String> classNames = classNames(dataset, classes);
        progress.info(String.format(Locale.ROOT, "%s: %d annotations, splits %s; using %s (%d) / %s (%d); %s %s keypoints%s;"
                        + " normalisation %s%s", src, annotations.size(), splits.keySet(), pair[0], parts.get(0).length,
                pair[1], parts.get(1).length, twoD ? "2D" : "3D", lay.name(),
                twoD ? " mapped to [-1, 1] by image size (PYSKL PreNormalize2D), z = 0" : "", mode.id(),
                normalize == null ? " (default for " + (twoD ? "2D" : "3D") + ")" : " (as requested)"));
        if (reading.truncated > 0) {
            progress.warn(src + ": " + reading.truncated + " samples have more than " + PERSONS + " persons; the first "
                    + PERSONS + " were kept, as PYSKL's FormatGCNInput does (bodiesInSource records the count)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("format", "pyskl");
        params.put("splits", pair[0] + "/" + pair[1]);
        params.put("layout", lay.name());
        params.put("coordinates", twoD ? "2d-image-normalised" : "3d");
        params.put("normalize", mode.id());
        DataFingerprint fp = new DataFingerprint(file.toAbsolutePath().normalize().toString(), 1, Sha256.ofFile(file), params);
        InMemoryDataset d = new InMemoryDataset(dataset, lay, PERSONS, classNames, sequences, fp, List.of());
        String splitName = "pyskl-" + (pair[0].endsWith("_train") ? pair[0].substring(0, pair[0].length() - 6) : dataset);
        return new LoadedDataset(d, new Split(splitName, parts.get(0), parts.get(1)));
    }

    /** The annotations' state while reading: the layout and channel count every sample must share. */
    private static final class Reading {
        private final String src;
        private JointLayout layout;
        private int channels;
        private int joints = -1;
        private int truncated;

        Reading(String src, JointLayout layout) {
            this.src = src;
            this.layout = layout;
        }

        SkeletonSequence sequence(Map<?, ?> a, int index) {
            String where = "annotation " + index + " ('" + a.get("frame_dir") + "')";
            NumpyPickle.NdArray kp = array(a, "keypoint", index);
            long[] s = kp.shape();
            if (s.length != 4 || s[0] < 1 || s[1] < 1 || (s[3] != 2 && s[3] != 3)) {
                throw new SkeletonDataException(src, 0, where + ": keypoint has shape " + java.util.Arrays.toString(s)
                        + ", expected (M, T, V, C) with M, T >= 1 and C = 2 or 3");
            }
            int m = (int) s[0];
            int t = (int) s[1];
            int v = (int) s[2];
            int c = (int) s[3];
            if (joints < 0) {
                joints = v;
                channels = c;
                layout = layout != null ? layout : v == 17 ? JointLayout.COCO_17 : v == 25 ? JointLayout.KINECT_V2
                        : v == 20 ? JointLayout.KINECT_V1 : null;
                if (layout == null) {
                    throw new SkeletonDataException(src, 0, where + ": keypoints have " + v
                            + " joints, for which skelmae has no built-in layout (17: COCO, 25: Kinect v2, 20: Kinect v1)");
                }
            }
            if (v != joints || c != channels || v != layout.joints()) {
                throw new SkeletonDataException(src, 0, where + ": keypoint is (" + m + ", " + t + ", " + v + ", " + c
                        + "), expected " + layout.joints() + " joints with " + channels + " coordinates like the samples before it");
            }
            Object frames = a.get("total_frames");
            if (frames != null && !(frames instanceof Number n && n.longValue() == t)) {
                throw new SkeletonDataException(src, 0, where + ": total_frames is " + frames + " but keypoint holds " + t + " frames");
            }
            Object score = a.get("keypoint_score");
            if (score != null && !(score instanceof NumpyPickle.NdArray sc
                    && java.util.Arrays.equals(sc.shape(), new long[]{m, t, v}))) {
                throw new SkeletonDataException(src, 0, where + ": keypoint_score should be (M, T, V) = (" + m + ", " + t + ", " + v
                        + "), found " + score);
            }
            float[] in = floats(kp, where);
            double[] scale = c == 2 ? imageScale(a, where) : null;
            int kept = Math.min(m, PERSONS);
            if (m > PERSONS) {
                truncated++;
            }
            float[] xyz = new float[t * PERSONS * v * 3];
            for (int p = 0; p < kept; p++) {
                for (int f = 0; f < t; f++) {
                    for (int j = 0; j < v; j++) {
                        int from = ((p * t + f) * v + j) * c;
                        int to = ((f * PERSONS + p) * v + j) * 3;
                        for (int k = 0; k < c; k++) {
                            xyz[to + k] = scale == null ? in[from + k] : (float) ((in[from + k] - scale[k]) / scale[k]);
                        }
                    }
                }
            }
            return new SkeletonSequence(text(a, "frame_dir", index, src), label(a, index, src), t, PERSONS, v, xyz, m, Map.of());
        }

        private NumpyPickle.NdArray array(Map<?, ?> a, String key, int index) {
            Object o = a.get(key);
            if (!(o instanceof NumpyPickle.NdArray arr)) {
                throw new SkeletonDataException(src, 0, "annotation " + index + ": key '" + key + "' "
                        + (o == null ? "is missing" : "is a " + o.getClass().getSimpleName()) + ", expected a numpy array");
            }
            return arr;
        }

        private float[] floats(NumpyPickle.NdArray kp, String where) {
            try {
                return kp.floats();
            } catch (IllegalStateException | PickleException e) {
                throw new SkeletonDataException(src, 0, where + ": keypoint: " + e.getMessage());
            }
        }

        /** (w/2, h/2) from img_shape (h, w): the centre and half-size PreNormalize2D divides by. */
        private double[] imageScale(Map<?, ?> a, String where) {
            Object shape = a.get("img_shape");
            if (shape instanceof Object[] hw && hw.length == 2 && hw[0] instanceof Number h && hw[1] instanceof Number w
                    && h.doubleValue() > 0 && w.doubleValue() > 0) {
                return new double[]{w.doubleValue() / 2, h.doubleValue() / 2};
            }
            throw new SkeletonDataException(src, 0, where + ": 2D keypoints need img_shape (height, width) to be normalised, found "
                    + (shape instanceof Object[] arr ? java.util.Arrays.toString(arr) : shape));
        }
    }

    private static Map<?, ?> unpickle(Path file) {
        NumpyPickle.register();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            Object top = new Unpickler().load(in);
            if (!(top instanceof Map<?, ?> m)) {
                throw new SkeletonDataException(file, 0, "expected a PYSKL annotation dict with 'split' and 'annotations', found a "
                        + (top == null ? "None" : top.getClass().getSimpleName()));
            }
            return m;
        } catch (PickleException | IOException e) {
            throw new SkeletonDataException(file.toString(), 0, "cannot read as a pickle: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> splits(Map<?, ?> top, String src) {
        Object s = top.get("split");
        if (!(s instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new SkeletonDataException(src, 0, "key 'split' " + (s == null ? "is missing" : "is not a non-empty dict")
                    + ", expected a dict of split name -> list of frame_dir (keys found: " + top.keySet() + ")");
        }
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<String> names = new ArrayList<>();
            for (Object n : list(e.getValue(), src, "split '" + e.getKey() + "'", "a list of frame_dir strings")) {
                if (!(n instanceof String name)) {
                    throw new SkeletonDataException(src, 0, "split '" + e.getKey() + "' holds " + n + ", expected frame_dir strings");
                }
                names.add(name);
            }
            out.put(String.valueOf(e.getKey()), names);
        }
        return out;
    }

    private static List<?> list(Object o, String src, String what, String expected) {
        if (!(o instanceof List<?> l)) {
            throw new SkeletonDataException(src, 0, what + (o == null ? " is missing" : " is a " + o.getClass().getSimpleName())
                    + ", expected " + expected);
        }
        return l;
    }

    private static Map<?, ?> annotation(List<?> annotations, int i, String src) {
        if (!(annotations.get(i) instanceof Map<?, ?> a)) {
            throw new SkeletonDataException(src, 0, "annotation " + i + " is not a dict");
        }
        return a;
    }

    private static String text(Map<?, ?> a, String key, int i, String src) {
        if (!(a.get(key) instanceof String s)) {
            throw new SkeletonDataException(src, 0, "annotation " + i + ": key '" + key + "' "
                    + (a.get(key) == null ? "is missing" : "is not a string") + " (keys: " + a.keySet() + ")");
        }
        return s;
    }

    private static int label(Map<?, ?> a, int i, String src) {
        if (!(a.get("label") instanceof Number n) || n.longValue() < 0 || n.longValue() != n.doubleValue()
                || n.longValue() > Integer.MAX_VALUE) {
            throw new SkeletonDataException(src, 0, "annotation " + i + ": key 'label' is " + a.get("label")
                    + ", expected a non-negative integer");
        }
        return n.intValue();
    }

    /** NTU's action names for {@code ntu60_*} / {@code ntu120_*} files, else {@code class k}. */
    private static List<String> classNames(String dataset, int classes) {
        if (dataset.startsWith("ntu") && classes <= 120) {
            return DatasetLoader.ntuClassNames().subList(0, dataset.startsWith("ntu60") ? Math.max(60, classes) : 120);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class " + c);
        }
        return names;
    }
}
