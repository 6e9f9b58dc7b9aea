package org.skelmae.model;

/**
 * The model configuration of a run, of either method family: {@link ModelConfig} (the STTFormer family:
 * SkeletonMAE of Wu et al., SkeletonMVAE, SkeletonMVQVAE) or the graph family's
 * {@code org.skelmae.gin.model.GinConfig} (the graph SkeletonMAE of Yan et al.). Its JSON carries no type
 * field: the run package recognises the family by its fields ({@code org.skelmae.run.ModelSpecs}), so
 * configurations written before the graph family existed read, and hash, as before.
 */
public interface ModelSpec {

    /** Preset or experiment name. */
    String name();

    /** BatchNorm running-average momentum. */
    double bnMomentum();
}
