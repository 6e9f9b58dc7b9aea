package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 2-D convolutions of the libtorch engine, on oneDNN only where oneDNN was seen to compute them right.
 *
 * <p>Why: libtorch 2.10's oneDNN convolutions are what make this engine fast (a cpu-mae training step 1.7× faster
 * than ND4J's with them, 1.8× slower without; docs/engines.md), but on this project's AVX-512 EPYC they returned
 * wrong results, up to NaN, for 1×5, 1×3 and 3×1 convolutions with channel counts that are not multiples of 16,
 * such as the tiny presets' 24 → 8 projection (16% off forward, 34% in the input gradient), while every shape of
 * the cpu presets was right. What a build gets wrong depends on the CPU, so it is checked, not listed: the first
 * time a convolution shape (input, weight and padding) runs, its forward pass and both gradients are computed in
 * float32 with oneDNN and with libtorch's native kernels on random data and compared. If oneDNN is off by more than
 * 1e-4 (relative L2), oneDNN is switched off for the rest of the process, in every network, and the shape that
 * failed is recorded ({@link #disabledBy()}, in provenance through {@link LibTorch#describe()}).
 *
 * <p>Off is sticky because libtorch reads the switch when each kernel runs, also in the backward pass, so a network
 * cannot keep oneDNN for its own shapes while another needs it off; native kernels are right for every shape. The
 * check runs under one lock with the switch, so it never turns oneDNN back on under a network that needs it off.
 */
final class Convolutions {

    /** Relative L2 difference between oneDNN and the native kernels above which oneDNN is not trusted. */
    static final double TOLERANCE = 1e-4;

    private static final Object LOCK = new Object();
    private static final Set<List<Long>> VERIFIED = ConcurrentHashMap.newKeySet();
    private static volatile String disabledBy;

    private Convolutions() {
    }

    /** {@code conv2d(x, w, b)} with stride 1, dilation 1 and the given padding, after its shape was checked. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, long padH, long padW) {
        // oneDNN convolves float32 (and bfloat16) only; float64 always runs on the native kernels
        if (disabledBy == null && x.scalar_type().value == torch.ScalarType.Float.value) {
            List<Long> key = key(x, w, padH, padW);
            if (!VERIFIED.contains(key)) {
                verify(key, x, w, padH, padW);
            }
        }
        return torch.conv2d(x, w, new TensorOptional(b), new long[]{1, 1}, new long[]{padH, padW}, new long[]{1, 1}, 1);
    }

    /** The shape that made oneDNN untrusted in this process, or null while it is in use. */
    static String disabledBy() {
        return disabledBy;
    }

    /** Whether libtorch's oneDNN convolutions are in use. */
    static boolean oneDnn() {
        return torch.globalContext().userEnabledMkldnn();
    }

    private static void verify(List<Long> key, Tensor x, Tensor w, long padH, long padW) {
        synchronized (LOCK) {
            if (disabledBy != null || VERIFIED.contains(key) || !oneDnn()) {
                return;
            }
            double diff;
            // the network may be evaluating under a no-grad guard; the check needs gradients
            try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
                Tensor input = torch.randn(x.sizes().vec().get());
                Tensor weight = torch.randn(w.sizes().vec().get());
                Tensor bias = torch.randn(w.size(0));
                Tensor upstream = torch.randn(x.size(0), w.size(0), x.size(2) + 2 * padH - w.size(2) + 1, x.size(3) + 2 * padW - w.size(3) + 1);
                Tensor[] fast = forwardAndGradients(input, weight, bias, upstream, padH, padW);
                torch.globalContext().setUserEnabledMkldnn(false);
                Tensor[] plain;
                try {
                    plain = forwardAndGradients(input, weight, bias, upstream, padH, padW);
                } finally {
                    torch.globalContext().setUserEnabledMkldnn(true);
                }
                diff = 0;
                for (int i = 0; i < fast.length; i++) {
                    diff = Math.max(diff, relative(fast[i], plain[i]));
                }
            }
            if (diff > TOLERANCE || Double.isNaN(diff)) {
                disabledBy = String.format(java.util.Locale.ROOT, "input %s, weight %s, padding (%d, %d): oneDNN off by %.3g",
                        Arrays.toString(x.sizes().vec().get()), Arrays.toString(w.sizes().vec().get()), padH, padW, diff);
                torch.globalContext().setUserEnabledMkldnn(false);
            } else {
                VERIFIED.add(key);
            }
        }
    }

    /** Output, input gradient and weight gradient of a convolution under the given upstream gradient. */
    private static Tensor[] forwardAndGradients(Tensor input, Tensor weight, Tensor bias, Tensor upstream, long padH, long padW) {
        Tensor x = input.detach().requires_grad_(true);
        Tensor w = weight.detach().requires_grad_(true);
        Tensor y = torch.conv2d(x, w, new TensorOptional(bias), new long[]{1, 1}, new long[]{padH, padW}, new long[]{1, 1}, 1);
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
