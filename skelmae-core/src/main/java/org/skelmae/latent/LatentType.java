package org.skelmae.latent;

/** The space between encoder and decoder (docs/method.md, "Latents and losses"). */
public enum LatentType {
    /** None: the decoder sees the encoder output (SkeletonMAE). */
    NONE,
    /** Continuous Gaussian latent with reparameterisation (SkeletonMVAE). */
    VAE,
    /** Discrete codebook with straight-through gradients (SkeletonMVQVAE). */
    VQ
}
