package org.skelmae.suite;

import org.skelmae.latent.LatentType;

/** The three pre-training methods compared by the paper. */
public enum Method {
    /** SkeletonMAE: no latent. */
    MAE(LatentType.NONE),
    /** SkeletonMVAE: Gaussian latent. */
    MVAE(LatentType.VAE),
    /** SkeletonMVQVAE: codebook latent. */
    MVQVAE(LatentType.VQ);

    private final LatentType latent;

    Method(LatentType latent) {
        this.latent = latent;
    }

    public LatentType latent() {
        return latent;
    }

    /** Lower-case name used in preset and experiment names. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
