package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * 2-D convolutions of the libtorch engine, on oneDNN only for the shapes oneDNN was seen to compute right.
 *
 * <p>Why: libtorch 2.10's oneDNN convolutions are what make this engine fast (a cpu-mae training step 1.7× faster
 * than ND4J's with them, 1.8× slower without; docs/engines.md), but on this project's AVX-512 EPYC they returned
 * wrong results, up to NaN, for 1×5, 1×3 and 3×1 convolutions with channel counts that are not multiples of 16,
 * such as the tiny presets' 24 → 8 projection (16% off forward, 34% in the input gradient), while every shape of
 * the cpu presets was right. What a build gets wrong depends on the CPU, so it is checked, not listed: the first
 * time a convolution shape (input, weight and padding) runs, its forward pass and both gradients are computed in
 * float32 with oneDNN and with libtorch's native kernel ({@code thnn_conv2d}, the one {@code conv2d} uses without
 * oneDNN) on random data and compared. A shape on which oneDNN is off by more than 1e-4 (relative L2) runs on the
 * native kernel from then on, forward and backward ({@link #refused()}, in provenance through
 * {@link LibTorch#describe()}); the others run on oneDNN.
 *
 * <p>The verdict belongs to the shape, not to the process: which kernel computes a convolution never depends on
 * what ran before it in the same JVM, so a run gives the same numbers alone, in a suite, or re-run
 * ({@code skelmae:rerun} expects bit-identical figures on the same machine). Nothing global is switched.
 */
final class Convolutions {

    /** Relative L2 difference between oneDNN and the native kernel above which oneDNN is not trusted for a shape. */
    static final double TOLERANCE = 1e-4;

    /** Shape key → whether oneDNN computes it right; checked once per shape, under the map's lock. */
    private static final Map<List<Long>, Boolean> TRUSTED = new ConcurrentHashMap<>();
    private static final Map<List<Long>, String> REFUSED = new ConcurrentSkipListMap<>(Comparator.comparing(List::toString));

    private Convolutions() {
    }

    /** {@code conv2d(x, w, b)} with stride 1, dilation 1 and the given padding, on the kernel its shape was checked for. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, long padH, long padW) {
        // oneDNN convolves float32 (and bfloat16) only; float64 always runs on the native kernels, and a GPU on cuDNN
        if (!x.is_cuda() && x.scalar_type().value == torch.ScalarType.Float.value && oneDnn()
                && !TRUSTED.computeIfAbsent(key(x, w, padH, padW), k -> check(k, x, w, padH, padW))) {
            return torch.thnn_conv2d(x, w, new long[]{w.size(2), w.size(3)}, new TensorOptional(b), new long[]{1, 1}, padH, padW);
        }
        return torch.conv2d(x, w, new TensorOptional(b), new long[]{1, 1}, new long[]{padH, padW}, new long[]{1, 1}, 1);
    }

    /** The shapes on which oneDNN was found wrong in this process (they run on the native kernel), with by how much. */
    static List<String> refused() {
        return List.copyOf(REFUSED.values());
    }

    /** Whether libtorch's oneDNN is enabled (the shapes in {@link #refused()} run without it all the same). */
    static boolean oneDnn() {
        return torch.globalContext().userEnabledMkldnn();
    }

    private static boolean check(List<Long> key, Tensor x, Tensor w, long padH, long padW) {
        double diff = 0;
        // the network may be evaluating under a no-grad guard; the check needs gradients
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            Tensor input = torch.randn(x.sizes().vec().get());
            Tensor weight = torch.randn(w.sizes().vec().get());
            Tensor bias = torch.randn(w.size(0));
            Tensor upstream = torch.randn(x.size(0), w.size(0), x.size(2) + 2 * padH - w.size(2) + 1, x.size(3) + 2 * padW - w.size(3) + 1);
            Tensor[] fast = forwardAndGradients(input, weight, bias, upstream, padH, padW, false);
            Tensor[] plain = forwardAndGradients(input, weight, bias, upstream, padH, padW, true);
            for (int i = 0; i < fast.length; i++) {
                diff = Math.max(diff, relative(fast[i], plain[i]));
            }
        }
        if (diff > TOLERANCE || Double.isNaN(diff)) {
            REFUSED.put(key, String.format(java.util.Locale.ROOT, "input %s, weight %s, padding (%d, %d): oneDNN off by %.3g",
                    Arrays.toString(x.sizes().vec().get()), Arrays.toString(w.sizes().vec().get()), padH, padW, diff));
            return false;
        }
        return true;
    }

    /** Output, input gradient and weight gradient of a convolution (oneDNN or the native kernel) under an upstream gradient. */
    private static Tensor[] forwardAndGradients(Tensor input, Tensor weight, Tensor bias, Tensor upstream, long padH, long padW,
                                                boolean nativeKernel) {
        Tensor x = input.detach().requires_grad_(true);
        Tensor w = weight.detach().requires_grad_(true);
        Tensor y = nativeKernel
                ? torch.thnn_conv2d(x, w, new long[]{w.size(2), w.size(3)}, new TensorOptional(bias), new long[]{1, 1}, padH, padW)
                : torch.conv2d(x, w, new TensorOptional(bias), new long[]{1, 1}, new long[]{padH, padW}, new long[]{1, 1}, 1);
        y.mul(upstream).sum().backward();
        return new Tensor[]{y.detach(), x.grad(), w.grad()};
    }

    private static double relative(Tensor a, Tensor b) {
        return a.sub(b).norm().item_double() / Math.max(b.norm().item_double(), 1e-30);
    }

    private static List<Long> key(Tensor x, Tensor w, long padH, long padW) {
        long[] xs = x.sizes().vec().get();
        long[] ws = w.sizes().vec().get();
        Long[] k = new Long[xs.length + ws.length + 2];
        int i = 0;
        for (long v : xs) {
            k[i++] = v;
        }
        for (long v : ws) {
            k[i++] = v;
        }
        k[i++] = padH;
        k[i] = padW;
        return List.of(k);
    }
}
