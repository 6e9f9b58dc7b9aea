package org.skelmae.model;

import java.util.SplittableRandom;

/**
 * Parameter initialisers of the reference code (docs/method.md, "STTFormer block"): Kaiming-normal fan-out for
 * convolutions,
 * PyTorch's default uniform bias, Xavier-normal for linear layers, truncated normal (std 0.02) for
 * embeddings and the mask token. Values come from a {@link SplittableRandom} seeded per parameter, so
 * a parameter's initial value depends only on the root seed and its name.
 */
@FunctionalInterface
public interface Init {

    /** Fills {@code out} (flattened, C order) for a parameter of the given shape. */
    void fill(float[] out, long[] shape, SplittableRandom rng);

    public static Init constant(double v) {
        return (out, shape, rng) -> java.util.Arrays.fill(out, (float) v);
    }

    /** Conv weight (kh, kw, I, O): N(0, 2 / (O · kh · kw)). */
    public static Init kaimingFanOut() {
        return (out, shape, rng) -> {
            double std = Math.sqrt(2.0 / (shape[3] * shape[0] * shape[1]));
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (std * rng.nextGaussian());
            }
        };
    }

    /** PyTorch's default bias: U(-1/√fanIn, 1/√fanIn). */
    public static Init uniformBias(long fanIn) {
        return uniform(1.0 / Math.sqrt(fanIn));
    }

    public static Init uniform(double bound) {
        return (out, shape, rng) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (bound * (2 * rng.nextDouble() - 1));
            }
        };
    }

    /** Linear weight: N(0, 2 / (fanIn + fanOut)). */
    public static Init xavierNormal(long fanIn, long fanOut) {
        return (out, shape, rng) -> {
            double std = Math.sqrt(2.0 / (fanIn + fanOut));
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (std * rng.nextGaussian());
            }
        };
    }

    /** N(0, std²) truncated at ±2 std. */
    public static Init truncatedNormal(double std) {
        return (out, shape, rng) -> {
            for (int i = 0; i < out.length; i++) {
                double v;
                do {
                    v = rng.nextGaussian();
                } while (Math.abs(v) > 2);
                out[i] = (float) (std * v);
            }
        };
    }
}
