package org.skelmae.latent;

import org.skelmae.problem.ConfigurationException;

/**
 * The latent space and its loss weights.
 *
 * @param type         none, VAE or VQ
 * @param vaeDim       VAE latent dimension (25)
 * @param vaeForm      global flattened (default) or per token
 * @param klWeight     β of the KL term (0.005)
 * @param logVarMin    lower clamp of the log-variance (-30)
 * @param logVarMax    upper clamp of the log-variance (20)
 * @param codebookSize K (128)
 * @param commitment   β of the commitment term (0.25)
 */
public record LatentConfig(LatentType type, int vaeDim, VaeForm vaeForm, double klWeight, double logVarMin,
                           double logVarMax, int codebookSize, double commitment) {

    public LatentConfig {
        if (type == null) {
            throw new ConfigurationException("latent.type is required: NONE, VAE or VQ");
        }
        if (vaeDim < 1 || codebookSize < 2) {
            throw new ConfigurationException("latent.vaeDim must be >= 1 and latent.codebookSize >= 2");
        }
        if (!(logVarMin < logVarMax)) {
            throw new ConfigurationException("latent.logVarMin must be below latent.logVarMax");
        }
    }

    /** The paper's values for a latent type. */
    public static LatentConfig of(LatentType type) {
        return new LatentConfig(type, 25, VaeForm.GLOBAL, 0.005, -30, 20, 128, 0.25);
    }
}
