package org.skelmae.suite;

import org.skelmae.latent.LatentType;
import org.skelmae.problem.ConfigurationException;

/**
 * The pre-training methods: the STTFormer family's three (Chen et al. 2025 compare them) and the graph
 * SkeletonMAE of Yan et al. (docs/method.md, "The graph family"). Suites name them by constant
 * ({@code GIN_MAE}) or by id ({@code gin-mae}).
 */
public enum Method {
    /** SkeletonMAE (Wu et al.) on STTFormer: no latent. */
    MAE(LatentType.NONE, false),
    /** SkeletonMVAE: Gaussian latent. */
    MVAE(LatentType.VAE, false),
    /** SkeletonMVQVAE: codebook latent. */
    MVQVAE(LatentType.VQ, false),
    /** The graph SkeletonMAE of Yan et al.: GIN encoder, body-region masking. */
    GIN_MAE(LatentType.NONE, true);

    private final LatentType latent;
    private final boolean graph;

    Method(LatentType latent, boolean graph) {
        this.latent = latent;
        this.graph = graph;
    }

    /** The latent of an STTFormer-family method (none for the graph family's). */
    public LatentType latent() {
        return latent;
    }

    /** True for the graph family's method. */
    public boolean graph() {
        return graph;
    }

    /** Lower-case name used in preset and experiment names: {@code mae}, {@code gin-mae}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** A method by constant ({@code GIN_MAE}) or id ({@code gin-mae}), case-insensitive. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Method parse(String text) {
        for (Method m : values()) {
            if (m.name().equalsIgnoreCase(text.trim()) || m.id().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new ConfigurationException("unknown method '" + text + "': expected one of "
                + java.util.Arrays.stream(values()).map(Method::id).toList());
    }
}
