package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The STTFormer encoder: tuple re-view, input map (1×1 conv, BatchNorm, LeakyReLU), the optional
 * learnable frame + joint embedding indexed by original frame and joint, and the encoder blocks.
 * Parameter names start with {@code enc.}, which is what a classifier takes from a pre-trained model.
 */
public final class SttEncoder {

    /** Prefix of every encoder parameter. */
    public static final String PREFIX = "enc.";

    private SttEncoder() {
    }

    /**
     * The grid the encoder sees.
     *
     * @param frames     frames in the grid (T, or T_k when masked)
     * @param joints     joints in the grid (V, or J_k when masked)
     * @param frameIndex (B, frames) original frame of each grid frame, or null on the full grid
     * @param jointIndex (B, joints) original joint of each grid joint, or null on the full grid
     * @param positions  slot positions for encoding and prior
     */
    public record Grid(int frames, int joints, SDVariable frameIndex, SDVariable jointIndex, TokenPositions positions) {
    }

    /**
     * @param x          (B, 3, frames, joints)
     * @param fullFrames T
     * @param fullJoints V
     * @return (B, C_L, frames / L, L · joints)
     */
    public static SDVariable apply(GraphBuilder g, ModelConfig cfg, SDVariable x, Grid grid, int fullFrames, int fullJoints) {
        int l = cfg.framesPerTuple();
        int tuples = grid.frames() / l;
        int slots = l * grid.joints();
        int c0 = cfg.inputChannels();
        SDVariable h = x.reshape(-1, 3, tuples, slots);
        h = g.leakyRelu(g.batchNorm(PREFIX + "input.bn", g.conv(PREFIX + "input", h, 3, c0, 1, 1), c0, (long) tuples * slots));
        if (cfg.inputEmbedding()) {
            h = h.add(embedding(g, PREFIX + "embed", c0, fullFrames, fullJoints, grid.frameIndex(), grid.jointIndex(),
                    grid.frames(), grid.joints(), l));
        }
        for (int i = 0; i < cfg.encoder().size(); i++) {
            h = StaBlock.apply(g, PREFIX + "block" + i, h, cfg.encoder().get(i), tuples, grid.positions(), cfg);
        }
        return h;
    }

    /**
     * E[t, v] = E_T[t] + E_V[v] (docs/method.md, "Encoder, decoder and positions under masking") at the grid's
     * original frames and joints, in tuple layout:
     * (1 or B, C, frames / L, L · joints).
     */
    static SDVariable embedding(GraphBuilder g, String name, int channels, int fullFrames, int fullJoints,
                                SDVariable frameIndex, SDVariable jointIndex, int frames, int joints, int l) {
        SDVariable et = g.param(name + ".t", new long[]{fullFrames, channels}, Init.truncatedNormal(0.02));
        SDVariable ev = g.param(name + ".v", new long[]{fullJoints, channels}, Init.truncatedNormal(0.02));
        if (frameIndex == null) {
            SDVariable grid = et.permute(1, 0).reshape(1, channels, fullFrames, 1).add(ev.permute(1, 0).reshape(1, channels, 1, fullJoints));
            return grid.reshape(1, channels, fullFrames / l, (long) l * fullJoints);
        }
        // one-hot products instead of gather: ND4J 1.0.0-M2.1 cannot back-propagate through gather
        SDVariable t = g.sd().mmul(g.oneHot(frameIndex, fullFrames).reshape(-1, fullFrames), et).reshape(-1, frames, 1, channels);
        SDVariable v = g.sd().mmul(g.oneHot(jointIndex, fullJoints).reshape(-1, fullJoints), ev).reshape(-1, 1, joints, channels);
        return t.add(v).permute(0, 3, 1, 2).reshape(-1, channels, frames / l, (long) l * joints);
    }
}
