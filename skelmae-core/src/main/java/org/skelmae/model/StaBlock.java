package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One STTFormer block (docs/method.md, "STTFormer block"): spatio-temporal tuple attention (tanh of Q·K pooled over
 * tuples,
 * scaled by a learnable α, plus a learnable prior A0, no softmax; values are the raw input), the
 * (1 × ks) projection, the shared residual, the 1×1 feed-forward and the (kt × 1) inter-frame
 * convolution, each with BatchNorm and LeakyReLU.
 */
public final class StaBlock {

    private StaBlock() {
    }

    /**
     * @param x         (B, C_i, T', V')
     * @param tuples    T'
     * @param positions the slot positions (full or gathered)
     * @return (B, C_o, T', V')
     */
    public static SDVariable apply(GraphBuilder g, String name, SDVariable x, BlockSpec spec, int tuples,
                                   TokenPositions positions, ModelConfig cfg) {
        SameDiff sd = g.sd();
        int ci = spec.in();
        int co = spec.out();
        int d = spec.qkv();
        int h = cfg.heads();
        int v = positions.slots();
        int vf = positions.fullSlots();
        long spatial = (long) tuples * v;

        // attention map per sample and head, shared by all tuples
        SDVariable xs = cfg.positionalEncoding() ? x.add(positions.encoding(ci)) : x;
        // one (kh, kw, in, 2Hd) parameter as in the reference, applied as two convolutions on its halves:
        // slicing the small weight is much cheaper than splitting the large activation
        SDVariable[] qk = g.splitConv(name + ".qk", xs, ci, 2 * h * d);
        SDVariable q = qk[0].reshape(-1, (long) d * tuples, v);
        SDVariable k = qk[1].reshape(-1, (long) d * tuples, v);
        SDVariable scores = sd.mmul(q, k, true, false, false).div((double) d * tuples).reshape(-1, h, v, v);
        SDVariable alpha = g.param(name + ".alpha", new long[]{h}, Init.constant(1)).reshape(1, h, 1, 1);
        SDVariable a0 = g.param(name + ".a0", new long[]{h, vf, vf}, Init.constant(1.0 / vf));
        SDVariable attention = g.perChannel(sd.math().tanh(scores), alpha).add(positions.prior(a0, h));

        // Y_h = X · A_h for every head, laid out head-major: (B, H·C_i, T', V')
        SDVariable byHead = attention.permute(0, 2, 1, 3).reshape(-1, v, (long) h * v);
        SDVariable y = sd.mmul(x.reshape(-1, (long) ci * tuples, v), byHead)
                .reshape(-1, ci, tuples, h, v).permute(0, 3, 1, 2, 4).reshape(-1, (long) h * ci, tuples, v);

        SDVariable proj = g.batchNorm(name + ".proj.bn", g.conv(name + ".proj", y, h * ci, co, 1, cfg.spatialKernel()), co, spatial);
        SDVariable residual = ci == co ? x
                : g.batchNorm(name + ".ress.bn", g.conv(name + ".ress", x, ci, co, 1, 1), co, spatial);
        SDVariable x1 = g.leakyRelu(proj.add(residual));
        // the reference adds the same residual again, not x1
        SDVariable x2 = g.leakyRelu(g.batchNorm(name + ".ff.bn", g.conv(name + ".ff", x1, co, co, 1, 1), co, spatial).add(residual));

        SDVariable temporal = g.batchNorm(name + ".tconv.bn", g.conv(name + ".tconv", x2, co, co, cfg.temporalKernel(), 1), co, spatial);
        SDVariable skip = ci == co ? x2
                : g.batchNorm(name + ".rest.bn", g.conv(name + ".rest", x2, co, co, 1, 1), co, spatial);
        return g.leakyRelu(temporal.add(skip));
    }
}
