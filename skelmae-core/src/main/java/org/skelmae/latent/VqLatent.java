package org.skelmae.latent;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.Init;
import org.skelmae.model.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SkeletonMVQVAE (docs/method.md, "Latents and losses"): every token vector is replaced by its nearest codebook entry
 * (squared
 * distance ‖z‖² − 2 z·e + ‖e‖²); gradients pass straight through to the encoder (z + sg(z_q − z)); the
 * codebook learns from ‖sg[z] − z_q‖² and the encoder is committed by β‖z − sg[z_q]‖², both means over
 * all token elements. The chosen code of every token is an output ({@value #CODES}) for perplexity and
 * dead-code counts.
 */
public final class VqLatent implements Latent {

    /** Output: code index per token, (B·T'·V'). */
    public static final String CODES = "vq_codes";
    /** The token vectors before quantisation, (B·T'·V', C). */
    public static final String INPUT = "vq_input";
    /** The straight-through decoder input, (B·T'·V', C): forward value z_q, gradient passed to z. */
    public static final String QUANTISED = "vq_quantised";

    private final ModelConfig cfg;

    public VqLatent(ModelConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public Output apply(GraphBuilder g, SDVariable h, int tuples, int slots) {
        SameDiff sd = g.sd();
        int k = cfg.latent().codebookSize();
        int c = cfg.encoderWidth();
        SDVariable codebook = g.param(PREFIX + "vq.codebook", new long[]{k, c}, Init.uniform(1.0 / k));
        SDVariable z = sd.identity(INPUT, h.permute(0, 2, 3, 1).reshape(-1, c));
        SDVariable dist = z.mul(z).sum(true, 1)
                .sub(sd.mmul(z, codebook, false, true, false).mul(2))
                .add(codebook.mul(codebook).sum(1).reshape(1, k));
        SDVariable codes = sd.argmin(CODES, dist, false, 1);
        // one-hot product instead of gather: ND4J 1.0.0-M2.1 cannot back-propagate through gather
        SDVariable zq = sd.mmul(sd.oneHot(codes, k, -1, 1.0, 0.0, g.dtype()), codebook);
        SDVariable straight = sd.identity(QUANTISED, z.add(g.stopGradient(zq.sub(z))));
        SDVariable codebookLoss = sd.math().squaredDifference(g.stopGradient(z), zq).mean();
        SDVariable commitment = sd.math().squaredDifference(z, g.stopGradient(zq)).mean();
        SDVariable loss = codebookLoss.add(commitment.mul(cfg.latent().commitment()));
        SDVariable out = straight.reshape(-1, tuples, slots, c).permute(0, 3, 1, 2);
        Map<String, SDVariable> parts = new LinkedHashMap<>(); // one order in every JVM (Map.of's is not): logs, metrics
        parts.put("codebook", codebookLoss);
        parts.put("commitment", commitment);
        return new Output(NoLatent.widthAdapter(g, cfg, out), loss, parts, Map.of(CODES, codes));
    }
}
