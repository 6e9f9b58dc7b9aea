package org.skelmae.gin.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;

/**
 * The multi-scale temporal block after each STRL layer (docs/method.md, "Fine-tuning the graph family"),
 * CTR-GCN's: four branches of C/4 channels on (N, C, T, V), concatenated, plus the input, then ReLU.
 * Two branches are 1×1 conv → BN → ReLU → (5 × 1) conv at dilation 1 or 2 → BN, one is 1×1 conv → BN →
 * ReLU → (3 × 1) max-pool → BN, and one is 1×1 conv → BN.
 */
final class TemporalBlock {

    private TemporalBlock() {
    }

    /**
     * @param x        (N, C, T, V) with C divisible by 4 and T even
     * @param frames   T
     * @param joints   V
     */
    static SDVariable apply(GraphBuilder g, String name, SDVariable x, int channels, int frames, int joints) {
        int b = channels / 4;
        long spatial = (long) frames * joints;
        SDVariable[] branches = new SDVariable[4];
        for (int d = 1; d <= 2; d++) {
            String n = name + ".dil" + d;
            SDVariable z = g.sd().nn().relu(g.batchNorm(n + ".in.bn", conv(g, n + ".in", x, channels, b, 1), b, spatial), 0);
            SDVariable t = d == 1 ? conv(g, n + ".t", z, b, b, 5) : dilated(g, n + ".t", z, b, frames, joints, d);
            branches[d - 1] = g.batchNorm(n + ".bn", t, b, spatial);
        }
        SDVariable z = g.sd().nn().relu(g.batchNorm(name + ".max.in.bn", conv(g, name + ".max.in", x, channels, b, 1), b, spatial), 0);
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(3).kW(1).sH(1).sW(1).pH(1).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).isNHWC(false).build();
        branches[2] = g.batchNorm(name + ".max.bn", g.sd().cnn().maxPooling2d(z, pool), b, spatial);
        branches[3] = g.batchNorm(name + ".one.bn", conv(g, name + ".one", x, channels, b, 1), b, spatial);
        return g.sd().nn().relu(g.sd().concat(1, branches).add(x), 0);
    }

    /** A (k × 1) convolution over time, "same" length, weight (k, 1, in, out). */
    private static SDVariable conv(GraphBuilder g, String name, SDVariable x, int in, int out, int k) {
        SDVariable w = g.param(name + ".w", new long[]{k, 1, in, out}, Init.kaimingFanOut());
        SDVariable bias = g.param(name + ".b", new long[]{out}, Init.uniformBias((long) in * k));
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(1).pH((k - 1) / 2).pW(0).sH(1).sW(1)
                .dH(1).dW(1).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
        return g.sd().cnn().conv2d(x, w, bias, c);
    }

    /**
     * A (5 × 1) convolution over time at dilation d, "same" length, on (N, C, T, V) with T divisible by d. ND4J
     * 1.0.0-M2.1's oneDNN kernel refuses every dilated convolution in float ("could not create a descriptor
     * for a dilated convolution"), so it runs as d undilated convolutions on the frames of each residue
     * t mod d, which are the only frames a dilated kernel combines: frames become (T/d, d), the residue
     * joins the batch, and the result is interleaved back. Same arithmetic, same weights.
     */
    private static SDVariable dilated(GraphBuilder g, String name, SDVariable x, int channels, int frames, int joints, int d) {
        SDVariable byResidue = x.reshape(-1, channels, frames / d, d, joints).permute(0, 3, 1, 2, 4)
                .reshape(-1, channels, frames / d, joints);
        SDVariable y = conv(g, name, byResidue, channels, channels, 5);
        return y.reshape(-1, d, channels, frames / d, joints).permute(0, 2, 3, 1, 4).reshape(-1, channels, frames, joints);
    }
}
