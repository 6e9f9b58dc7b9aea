package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every convolution shape of the STTFormer presets computed in float32 under the engine's settings
 * ({@link LibTorch#init}) against the same convolution in float64. With libtorch 2.10's oneDNN path enabled, the
 * tiny-mae projection (24 → 8 channels, 1×5 kernel, 5×50 map) came out 16% off on an AVX-512 EPYC; the native
 * kernels are exact to float32 rounding.
 */
class ConvolutionAccuracyTest {

    @ParameterizedTest(name = "{0}→{1} channels, {2}×{3} kernel on {4}×{5}")
    @CsvSource({
            "24, 8, 1, 5, 5, 50",     // tiny-mae projection: 3 heads × 8 channels
            "8, 8, 3, 1, 5, 50",      // tiny-mae temporal convolution
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
            long[] stride = {1, 1};
            long[] padding = {kh / 2, kw / 2};
            Tensor single = torch.conv2d(x, weight, new TensorOptional(bias), stride, padding, stride, 1);
            Tensor exact = torch.conv2d(x.to(torch.ScalarType.Double), weight.to(torch.ScalarType.Double),
                    new TensorOptional(bias.to(torch.ScalarType.Double)), stride, padding, stride, 1);
            double rel = single.to(torch.ScalarType.Double).sub(exact).norm().item_double() / exact.norm().item_double();
            assertTrue(rel < 1e-6, "float32 convolution differs from float64 by " + rel + " (relative L2)");
        }
    }
}
