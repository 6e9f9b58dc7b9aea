package org.skelmae.latent;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.skelmae.model.GraphBuilder;
import org.skelmae.model.ModelConfig;

import java.util.Map;

/**
 * SkeletonMVAE (docs/method.md, "Latents and losses"): a Gaussian latent with mean μ and log-variance ℓ, sampled as
 * z = μ + exp(ℓ/2)·ε in training (z = μ when evaluating), decoded back to the token grid. In the
 * paper-faithful GLOBAL form one latent covers a whole person-sequence through fully connected layers
 * on the flattened visible feature map; the PER_TOKEN form applies the same heads to each token.
 * The loss term is β · mean over sequences of ½ Σ_d (e^ℓ − 1 − ℓ + μ²), with ℓ clamped.
 *
 * <p>ε is fed from the host as the placeholder {@value #NOISE} so a seed fixes it.
 */
public final class VaeLatent implements Latent {

    /** Placeholder of the reparameterisation noise ε: (B, dim) global, (B·T'·V', dim) per token. */
    public static final String NOISE = "vae_noise";
    /** Output: the means μ. */
    public static final String MEAN = "vae_mu";
    /** Output: the clamped log-variances ℓ. */
    public static final String LOG_VARIANCE = "vae_logvar";

    private final ModelConfig cfg;

    public VaeLatent(ModelConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public Output apply(GraphBuilder g, SDVariable h, int tuples, int slots) {
        SameDiff sd = g.sd();
        LatentConfig lc = cfg.latent();
        int dim = lc.vaeDim();
        int c = cfg.encoderWidth();
        int d = cfg.decoderWidth();
        boolean global = lc.vaeForm() == VaeForm.GLOBAL;
        long tokens = (long) tuples * slots;
        SDVariable rows = global ? h.reshape(-1, c * tokens) : h.permute(0, 2, 3, 1).reshape(-1, c);
        long in = global ? c * tokens : c;
        long out = global ? d * tokens : d;
        SDVariable[] muLogVar = sd.split(g.linear(PREFIX + "vae.enc", rows, in, 2L * dim), 2, 1);
        SDVariable mu = sd.identity(MEAN, muLogVar[0]);
        SDVariable logVar = sd.identity(LOG_VARIANCE, sd.clipByValue(muLogVar[1], lc.logVarMin(), lc.logVarMax()));
        SDVariable z = mu;
        if (g.training()) {
            SDVariable eps = g.input(NOISE, -1, dim);
            z = mu.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
        }
        SDVariable decoded = g.linear(PREFIX + "vae.dec", z, dim, out);
        SDVariable back = global ? decoded.reshape(-1, d, tuples, slots)
                : decoded.reshape(-1, tuples, slots, d).permute(0, 3, 1, 2);
        // KL summed over dims; per-token KL is averaged over the tokens of a sequence
        SDVariable perRow = sd.math().exp(logVar).sub(logVar).add(mu.mul(mu)).sub(1.0).sum(1).mul(0.5);
        SDVariable kl = global ? perRow.mean() : perRow.reshape(-1, tokens).mean(1).mean();
        SDVariable loss = kl.mul(lc.klWeight());
        return new Output(back, loss, Map.of("kl", kl), Map.of());
    }
}
