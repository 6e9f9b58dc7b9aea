package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's convolutions ({@link Convolutions}) in float32 against float64, forward and both gradients, for every
 * convolution shape of the tiny and cpu presets and for the shapes libtorch 2.10's oneDNN got wrong on this project's
 * AVX-512 EPYC (docs/engines.md). Whatever oneDNN does on the machine running the test, the engine's results must be
 * right: a shape oneDNN computes wrongly must run on the native kernel.
 */
class ConvolutionAccuracyTest {

    @ParameterizedTest(name = "{0}→{1} channels, {2}×{3} kernel on {4}×{5}")
    @CsvSource({
            "24, 8, 1, 5, 5, 50",     // tiny-mae projection (3 heads × 8 channels): oneDNN 16% off on the EPYC
            "8, 8, 3, 1, 5, 50",      // tiny-mae temporal convolution: input gradient 54% off
            "24, 12, 1, 5, 5, 50",    // input gradient NaN
            "96, 32, 1, 5, 10, 75",   // cpu-mae projection
            "64, 64, 3, 1, 10, 75",   // cpu-mae temporal convolution
            "3, 32, 1, 1, 10, 75",    // cpu-mae input
            "32, 48, 1, 1, 10, 75"})  // cpu-mae queries and keys
    void float32MatchesFloat64(long in, long out, long kh, long kw, long h, long w) {
        LibTorch.init(2);
        torch.manual_seed(3);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.randn(8, in, h, w);
            Tensor weight = torch.randn(out, in, kh, kw);
            Tensor bias = torch.randn(out);
            Tensor upstream = torch.randn(8, out, h, w);
            Tensor[] single = pass(x, weight, bias, upstream, kh / 2, kw / 2);
            Tensor[] exact = pass(x.to(torch.ScalarType.Double), weight.to(torch.ScalarType.Double),
                    bias.to(torch.ScalarType.Double), upstream.to(torch.ScalarType.Double), kh / 2, kw / 2);
            String[] what = {"output", "input gradient", "weight gradient"};
            for (int i = 0; i < 3; i++) {
                double rel = single[i].to(torch.ScalarType.Double).sub(exact[i]).norm().item_double() / exact[i].norm().item_double();
                assertTrue(rel < 1e-5, what[i] + " in float32 differs from float64 by " + rel + " (relative L2); oneDNN "
                        + (Convolutions.oneDnn() ? "on" : "off") + ", refused for " + Convolutions.refused());
            }
        }
    }

    private static Tensor[] pass(Tensor input, Tensor weight, Tensor bias, Tensor upstream, long padH, long padW) {
        Tensor x = input.detach().requires_grad_(true);
        Tensor w = weight.detach().requires_grad_(true);
        Tensor y = Convolutions.conv2d(x, w, bias, padH, padW);
        y.mul(upstream).sum().backward();
        return new Tensor[]{y.detach(), x.grad(), w.grad()};
    }
}
