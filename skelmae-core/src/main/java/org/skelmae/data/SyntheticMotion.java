package org.skelmae.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.data.sampling.SamplingConfig;
import org.skelmae.data.split.Split;
import org.skelmae.util.Sha256;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A procedurally generated skeleton-motion dataset, labelled SYNTHETIC everywhere it appears. Eight
 * actions are produced by forward kinematics on the Kinect v2 joint tree (rotations at spine, shoulders,
 * elbows, hips and knees over a rest pose), with per-sample body size, speed, amplitude, phase, facing
 * direction, length and sensor noise. It lets the whole pipeline run on a fresh clone without any
 * recorded data; it says nothing about accuracy on real skeletons.
 */
public final class SyntheticMotion {

    /** The action classes, by label. */
    public static final List<String> CLASSES = List.of("wave right hand", "wave left hand", "raise both arms",
            "squat", "walk in place", "kick right leg", "bow", "punch right");

    private static final int V = 25;
    /** Parent of each Kinect v2 joint (0-based), -1 for the root (spine base). */
    private static final int[] PARENT = {-1, 0, 20, 2, 20, 4, 5, 6, 20, 8, 9, 10, 0, 12, 13, 14, 0, 16, 17, 18, 1, 7, 7, 11, 11};
    private static final double[][] REST = {
            {0, 0, 0}, {0, 0.30, 0}, {0, 0.55, 0}, {0, 0.70, 0},
            {-0.18, 0.50, 0}, {-0.20, 0.25, 0}, {-0.21, 0.02, 0}, {-0.21, -0.05, 0},
            {0.18, 0.50, 0}, {0.20, 0.25, 0}, {0.21, 0.02, 0}, {0.21, -0.05, 0},
            {-0.09, -0.02, 0}, {-0.10, -0.45, 0}, {-0.10, -0.85, 0}, {-0.10, -0.90, 0.10},
            {0.09, -0.02, 0}, {0.10, -0.45, 0}, {0.10, -0.85, 0}, {0.10, -0.90, 0.10},
            {0, 0.50, 0}, {-0.21, -0.12, 0}, {-0.17, -0.06, 0.02}, {0.21, -0.12, 0}, {0.17, -0.06, 0.02}};
    /** Joints processed parents-first. */
    private static final int[] ORDER = {0, 1, 20, 2, 3, 4, 5, 6, 7, 21, 22, 8, 9, 10, 11, 23, 24, 12, 13, 14, 15, 16, 17, 18, 19};

    private static final int SPINE = 1;
    private static final int L_SHOULDER = 4;
    private static final int L_ELBOW = 5;
    private static final int R_SHOULDER = 8;
    private static final int R_ELBOW = 9;
    private static final int L_HIP = 12;
    private static final int L_KNEE = 13;
    private static final int R_HIP = 16;
    private static final int R_KNEE = 17;

    private final int perClass;
    private final int subjects;
    private final long seed;

    /**
     * @param perClass samples per class
     * @param subjects simulated performers; odd ones are the training split
     * @param seed     generator seed
     */
    public SyntheticMotion(int perClass, int subjects, long seed) {
        this.perClass = perClass;
        this.subjects = subjects;
        this.seed = seed;
    }

    /** The dataset the smoke suite uses: 8 classes × 40 samples, 8 performers. */
    public static SyntheticMotion standard() {
        return new SyntheticMotion(40, 8, 20261123L);
    }

    /**
     * The fixed batch the step benchmarks time: the first training batch of the {@link #standard()} dataset under
     * {@code sampling} (shuffled with seed 7), with a little seeded noise added so that every person-sequence is
     * non-empty, as in two-actor NTU samples, and a model sees 2 · {@code batch} rows. Float32.
     */
    public static Batch benchmarkBatch(SamplingConfig sampling, int batch) {
        LoadedDataset d = standard().load();
        Batch b;
        try (BatchLoader l = new BatchLoader(d.dataset(), d.split().train(), batch, true, new SamplePipeline(sampling), 7, 0)) {
            b = l.next();
        }
        INDArray x = b.x().add(Nd4j.rand(12345, b.x().shape()).muli(0.01)).castTo(DataType.FLOAT);
        return new Batch(x, b.labels(), b.indices());
    }

    /** Generates the dataset and its performer-based split (odd performers train). */
    public LoadedDataset load() {
        List<SkeletonSequence> seqs = new ArrayList<>();
        StringBuilder digest = new StringBuilder();
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int k = 0; k < perClass; k++) {
                int subject = 1 + k % subjects;
                SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + c * 10_007L + k);
                SkeletonSequence s = sample(c, k, subject, rng);
                seqs.add(s);
                digest.append(s.name()).append(':').append(java.util.Arrays.hashCode(s.xyz())).append('\n');
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("generator", "SYNTHETIC forward-kinematics motion v1");
        params.put("perClass", Integer.toString(perClass));
        params.put("subjects", Integer.toString(subjects));
        params.put("seed", Long.toString(seed));
        DataFingerprint fp = new DataFingerprint("SYNTHETIC (generated in memory)", seqs.size(), Sha256.hex(digest.toString()), params);
        InMemoryDataset d = new InMemoryDataset("synthetic", JointLayout.KINECT_V2, 2, CLASSES, seqs, fp, List.of());
        int[] train = IntStream.range(0, d.size()).filter(i -> d.info(i).intAttribute("performer") % 2 == 1).toArray();
        int[] test = IntStream.range(0, d.size()).filter(i -> d.info(i).intAttribute("performer") % 2 == 0).toArray();
        return new LoadedDataset(d, new Split("synthetic", train, test));
    }

    private SkeletonSequence sample(int action, int index, int subject, SplittableRandom rng) {
        int frames = 40 + rng.nextInt(61);
        double scale = 0.85 + 0.3 * rng.nextDouble();
        double cycles = 1 + 2 * rng.nextDouble();
        double amp = 0.8 + 0.4 * rng.nextDouble();
        double phase = rng.nextDouble() * 2 * Math.PI;
        double yaw = (rng.nextDouble() - 0.5);
        double[] offset = {rng.nextDouble() - 0.5, 0.1 * (rng.nextDouble() - 0.5), 2.5 + rng.nextDouble()};
        float[] xyz = new float[frames * 2 * V * 3];
        double[][] rot = new double[V][];
        double[][] pos = new double[V][3];
        double[][] glob = new double[V][];
        for (int t = 0; t < frames; t++) {
            double u = t / (double) Math.max(1, frames - 1);
            double osc = Math.sin(2 * Math.PI * cycles * u + phase);
            double env = Math.sin(Math.PI * u);
            for (int j = 0; j < V; j++) {
                rot[j] = identity();
            }
            double rootDrop = 0;
            switch (action) {
                case 0 -> {
                    rot[R_SHOULDER] = rotZ(amp * 2.6 * Math.min(1, 3 * env));
                    rot[R_ELBOW] = rotZ(0.6 * amp * osc);
                }
                case 1 -> {
                    rot[L_SHOULDER] = rotZ(-amp * 2.6 * Math.min(1, 3 * env));
                    rot[L_ELBOW] = rotZ(-0.6 * amp * osc);
                }
                case 2 -> {
                    rot[R_SHOULDER] = rotZ(amp * 2.8 * env);
                    rot[L_SHOULDER] = rotZ(-amp * 2.8 * env);
                }
                case 3 -> {
                    double s = 0.5 * (1 - Math.cos(2 * Math.PI * cycles * u));
                    rot[L_HIP] = rotX(-1.2 * amp * s);
                    rot[R_HIP] = rotX(-1.2 * amp * s);
                    rot[L_KNEE] = rotX(2.2 * amp * s);
                    rot[R_KNEE] = rotX(2.2 * amp * s);
                    rootDrop = 0.35 * amp * s;
                }
                case 4 -> {
                    double s = Math.sin(2 * Math.PI * (cycles + 1) * u + phase);
                    rot[L_HIP] = rotX(-0.7 * amp * Math.max(0, s));
                    rot[L_KNEE] = rotX(1.3 * amp * Math.max(0, s));
                    rot[R_HIP] = rotX(-0.7 * amp * Math.max(0, -s));
                    rot[R_KNEE] = rotX(1.3 * amp * Math.max(0, -s));
                    rot[L_SHOULDER] = rotX(0.5 * amp * s);
                    rot[R_SHOULDER] = rotX(-0.5 * amp * s);
                }
                case 5 -> {
                    double kick = Math.pow(Math.max(0, Math.sin(Math.PI * u * (1 + Math.floor(cycles)))), 3);
                    rot[R_HIP] = rotX(-1.4 * amp * kick);
                    rot[R_KNEE] = rotX(0.6 * amp * (1 - kick) * kick * 4);
                }
                case 6 -> rot[SPINE] = rotX(-1.1 * amp * env);
                default -> {
                    double punch = Math.max(0, osc);
                    rot[R_SHOULDER] = rotX(-1.5 * amp * Math.min(1, 3 * env));
                    rot[R_ELBOW] = rotX(-1.6 * amp * (1 - punch));
                }
            }
            forwardKinematics(rot, pos, glob, scale, rootDrop);
            double cy = Math.cos(yaw);
            double sy = Math.sin(yaw);
            for (int j = 0; j < V; j++) {
                double x = pos[j][0];
                double z = pos[j][2];
                int o = (t * 2 * V + j) * 3;
                xyz[o] = (float) (cy * x + sy * z + offset[0] + 0.005 * rng.nextGaussian());
                xyz[o + 1] = (float) (pos[j][1] + offset[1] + 0.005 * rng.nextGaussian());
                xyz[o + 2] = (float) (-sy * x + cy * z + offset[2] + 0.005 * rng.nextGaussian());
            }
        }
        Centring.centreOnFirstFrame(xyz, frames, 2, V, 1);
        Map<String, String> attr = new LinkedHashMap<>();
        attr.put("performer", Integer.toString(subject));
        attr.put("action", Integer.toString(action + 1));
        attr.put("source", "SYNTHETIC");
        String name = String.format(java.util.Locale.ROOT, "SYNTHETIC_A%02d_P%02d_%03d", action + 1, subject, index);
        return new SkeletonSequence(name, action, frames, 2, V, xyz, 1, attr);
    }

    private static void forwardKinematics(double[][] rot, double[][] pos, double[][] glob, double scale, double drop) {
        for (int j : ORDER) {
            int p = PARENT[j];
            if (p < 0) {
                pos[j] = new double[]{0, -drop, 0};
                glob[j] = rot[j];
                continue;
            }
            double[] off = {scale * (REST[j][0] - REST[p][0]), scale * (REST[j][1] - REST[p][1]), scale * (REST[j][2] - REST[p][2])};
            double[] r = apply(glob[p], off);
            pos[j] = new double[]{pos[p][0] + r[0], pos[p][1] + r[1], pos[p][2] + r[2]};
            glob[j] = multiply(glob[p], rot[j]);
        }
    }

    private static double[] identity() {
        return new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    private static double[] rotX(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[]{1, 0, 0, 0, c, -s, 0, s, c};
    }

    private static double[] rotZ(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[]{c, -s, 0, s, c, 0, 0, 0, 1};
    }

    private static double[] apply(double[] m, double[] v) {
        return new double[]{m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
                m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return c;
    }
}
