package org.skelmae.data.sampling;

import org.skelmae.data.SkeletonSequence;

import java.util.SplittableRandom;

/**
 * Turns a variable-length sequence into a fixed-length training or test view (docs/method.md, "Inputs and
 * preprocessing"): random
 * crop-and-resize plus a random rotation for training, a centre crop for testing, and linear resizing
 * along time with PyTorch's {@code align_corners=False} sampling.
 */
public final class SamplePipeline implements ClipSampler {

    private final SamplingConfig config;

    public SamplePipeline(SamplingConfig config) {
        this.config = config;
    }

    public SamplingConfig config() {
        return config;
    }

    @Override
    public int frames() {
        return config.frames();
    }

    /** A training view in (W, M, V, 3) order. */
    @Override
    public float[] trainView(SkeletonSequence s, SplittableRandom rng) {
        int valid = s.frames();
        double p = config.cropMin() + rng.nextDouble() * (config.cropMax() - config.cropMin());
        int length = Math.min(Math.max((int) Math.floor(valid * p), config.minCropFrames()), valid);
        int start = rng.nextInt(valid - length + 1);
        float[] out = resize(s.xyz(), start, length, s.persons() * s.joints() * 3, config.frames());
        if (config.rotation() > 0) {
            double r = config.rotation();
            rotate(out, -r + 2 * r * rng.nextDouble(), -r + 2 * r * rng.nextDouble(), -r + 2 * r * rng.nextDouble());
        }
        return out;
    }

    /** The test view in (W, M, V, 3) order. */
    @Override
    public float[] testView(SkeletonSequence s) {
        int valid = s.frames();
        int bias = (int) ((1 - config.testCrop()) * valid / 2);
        return resize(s.xyz(), bias, valid - 2 * bias, s.persons() * s.joints() * 3, config.frames());
    }

    /**
     * Linear resampling of frames [start, start + length) to {@code out} frames: for output i the source
     * position is (i + 0.5)·length/out − 0.5, clamped at 0, interpolated between its two neighbours.
     * The first and last output frames equal the first and last input frames when lengths match.
     */
    public static float[] resize(float[] xyz, int start, int length, int row, int out) {
        float[] r = new float[out * row];
        double scale = length / (double) out;
        for (int i = 0; i < out; i++) {
            double src = Math.max(0, (i + 0.5) * scale - 0.5);
            int i0 = Math.min((int) Math.floor(src), length - 1);
            int i1 = Math.min(i0 + 1, length - 1);
            float lambda = (float) (src - i0);
            int a = (start + i0) * row;
            int b = (start + i1) * row;
            int o = i * row;
            if (i0 == i1 || lambda == 0f) {
                System.arraycopy(xyz, a, r, o, row);
                continue;
            }
            for (int k = 0; k < row; k++) {
                r[o + k] = (1 - lambda) * xyz[a + k] + lambda * xyz[b + k];
            }
        }
        return r;
    }

    /** Applies R = Rz·Ry·Rx to every joint in place; zero joints stay zero. */
    public static void rotate(float[] xyz, double ax, double ay, double az) {
        double cx = Math.cos(ax), sx = Math.sin(ax);
        double cy = Math.cos(ay), sy = Math.sin(ay);
        double cz = Math.cos(az), sz = Math.sin(az);
        double[][] rx = {{1, 0, 0}, {0, cx, sx}, {0, -sx, cx}};
        double[][] ry = {{cy, 0, -sy}, {0, 1, 0}, {sy, 0, cy}};
        double[][] rz = {{cz, sz, 0}, {-sz, cz, 0}, {0, 0, 1}};
        double[][] m = mul(rz, mul(ry, rx));
        for (int k = 0; k < xyz.length; k += 3) {
            double x = xyz[k], y = xyz[k + 1], z = xyz[k + 2];
            xyz[k] = (float) (m[0][0] * x + m[0][1] * y + m[0][2] * z);
            xyz[k + 1] = (float) (m[1][0] * x + m[1][1] * y + m[1][2] * z);
            xyz[k + 2] = (float) (m[2][0] * x + m[2][1] * y + m[2][2] * z);
        }
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        return c;
    }
}
