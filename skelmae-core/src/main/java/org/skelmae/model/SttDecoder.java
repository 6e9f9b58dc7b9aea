package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The decoder (docs/method.md, "Encoder, decoder and positions under masking"): visible features are placed back at
 * their original frames and joints of
 * the full grid, every masked position gets the learnable mask token, a learnable frame + joint
 * embedding is added, and STTFormer blocks followed by a 1×1 output layer reconstruct x, y, z.
 */
public final class SttDecoder {

    /** Prefix of every decoder parameter. */
    public static final String PREFIX = "dec.";

    private SttDecoder() {
    }

    /**
     * @param features    (B, D, T_k / L, L · J_k) latent output
     * @param frameIndex  (B, T_k) kept frames
     * @param jointIndex  (B, J_k) kept joints
     * @param maskedGrid  (B, 1, T, V), 1 where the position was masked
     * @return reconstruction (B, 3, T, V)
     */
    public static SDVariable apply(GraphBuilder g, ModelConfig cfg, SDVariable features, SDVariable frameIndex,
                                   SDVariable jointIndex, SDVariable maskedGrid, int keptFrames, int keptJoints,
                                   int frames, int joints) {
        SameDiff sd = g.sd();
        int d = cfg.decoderWidth();
        int l = cfg.framesPerTuple();
        // scatter by two one-hot products (joints, then frames): (B, D·T_k, J_k) x (B, J_k, V)
        SDVariable perJoint = sd.mmul(features.reshape(-1, (long) d * keptFrames, keptJoints), g.oneHot(jointIndex, joints));
        SDVariable byFrame = perJoint.reshape(-1, d, keptFrames, joints).permute(0, 2, 1, 3).reshape(-1, keptFrames, (long) d * joints);
        SDVariable grid = sd.mmul(g.oneHot(frameIndex, frames), byFrame, true, false, false)
                .reshape(-1, frames, d, joints).permute(0, 2, 1, 3);
        // mask token at masked positions as an outer product (D, 1) x (1, B·T·V): fast backward, unlike a
        // (B, 1, T, V) x (1, D, 1, 1) broadcast multiply
        SDVariable token = g.param(PREFIX + "mask_token", new long[]{d}, Init.truncatedNormal(0.02));
        SDVariable tokens = sd.mmul(token.reshape(d, 1), maskedGrid.reshape(1, -1)).reshape(d, -1, frames, joints).permute(1, 0, 2, 3);
        grid = grid.add(tokens);
        if (cfg.decoderEmbedding()) {
            grid = grid.add(SttEncoder.embedding(g, PREFIX + "embed", d, frames, joints, null, null, frames, joints, l)
                    .reshape(1, d, frames, joints));
        }
        int tuples = frames / l;
        TokenPositions positions = TokenPositions.full(g, l * joints);
        SDVariable h = grid.reshape(-1, d, tuples, (long) l * joints);
        for (int i = 0; i < cfg.decoder().size(); i++) {
            h = StaBlock.apply(g, PREFIX + "block" + i, h, cfg.decoder().get(i), tuples, positions, cfg);
        }
        SDVariable out = g.conv(PREFIX + "out", h, cfg.decoderOutWidth(), 3, 1, 1);
        return out.reshape(-1, 3, frames, joints);
    }
}
