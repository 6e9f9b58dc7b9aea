package org.skelmae.latent;

/** Where the VAE's Gaussian lives (docs/method.md, "Latents and losses"). */
public enum VaeForm {
    /** One latent per person-sequence over the flattened visible feature map (Table 9; the default). */
    GLOBAL,
    /** One latent per visible token (cheap alternative; about 20 k parameters). */
    PER_TOKEN
}
