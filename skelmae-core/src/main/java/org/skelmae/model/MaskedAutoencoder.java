package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.skelmae.latent.Latent;
import org.skelmae.masking.MaskedBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pre-training graph (docs/method.md, "Encoder, decoder and positions under masking"): encoder on the visible
 * grid, latent, decoder on the full grid, and
 * the reconstruction loss on masked positions (or all) plus the latent's term. Inputs are the
 * placeholders of {@link MaskedBatch}; outputs are {@value #LOSS}, each loss part
 * ({@code loss.reconstruction}, {@code loss.kl}, {@code loss.codebook}, {@code loss.commitment}) and
 * the reconstruction.
 */
public final class MaskedAutoencoder {

    public static final String LOSS = "loss";
    public static final String RECONSTRUCTION_LOSS = "loss.reconstruction";
    public static final String RECONSTRUCTION = "reconstruction";

    private MaskedAutoencoder() {
    }

    /** Builds the graph for a dataset with {@code joints} joints. */
    public static ModelGraph build(ModelConfig cfg, ParameterStore store, int joints, boolean training) {
        GraphBuilder g = new GraphBuilder(store, training, cfg.leakySlope(), cfg.bnEpsilon());
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        int tk = cfg.masking().keptFrames(t);
        int jk = cfg.masking().keptJoints(joints);
        SDVariable visible = g.input(MaskedBatch.X_VISIBLE, -1, 3, tk, jk);
        SDVariable target = g.input(MaskedBatch.X_FULL, -1, 3, t, joints);
        SDVariable frameIndex = g.indices(MaskedBatch.FRAME_INDEX, -1, tk);
        SDVariable jointIndex = g.indices(MaskedBatch.JOINT_INDEX, -1, jk);
        SDVariable slotIndex = g.indices(MaskedBatch.SLOT_INDEX, -1, (long) l * jk);
        SDVariable maskedGrid = g.input(MaskedBatch.MASKED_GRID, -1, 1, t, joints);
        SDVariable lossMask = g.input(MaskedBatch.LOSS_MASK, -1, 3, t, joints);

        TokenPositions positions = TokenPositions.gathered(g, l * joints, l * jk, slotIndex);
        SDVariable h = SttEncoder.apply(g, cfg, visible, new SttEncoder.Grid(tk, jk, frameIndex, jointIndex, positions), t, joints);
        Latent.Output latent = Latent.of(cfg).apply(g, h, tk / l, l * jk);
        SDVariable recon = SttDecoder.apply(g, cfg, latent.decoderInput(), frameIndex, jointIndex, maskedGrid, tk, jk, t, joints);
        g.sd().identity(RECONSTRUCTION, recon);

        SDVariable squared = g.sd().math().squaredDifference(recon, target).mul(lossMask);
        SDVariable rec = switch (cfg.loss().reduction()) {
            case MEAN -> squared.sum().div(lossMask.sum());
            case SUM_PER_SAMPLE -> squared.sum(1, 2, 3).mean();
        };
        g.sd().identity(RECONSTRUCTION_LOSS, rec);
        List<String> parts = new ArrayList<>(List.of(RECONSTRUCTION_LOSS));
        SDVariable loss = rec;
        if (latent.loss() != null) {
            loss = loss.add(latent.loss());
        }
        for (Map.Entry<String, SDVariable> e : latent.parts().entrySet()) {
            g.sd().identity("loss." + e.getKey(), e.getValue());
            parts.add("loss." + e.getKey());
        }
        g.sd().identity(LOSS, loss);
        g.sd().setLossVariables(LOSS);
        return new ModelGraph(g, training, LOSS, parts, new ArrayList<>(latent.outputs().keySet()));
    }
}
