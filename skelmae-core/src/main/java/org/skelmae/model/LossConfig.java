package org.skelmae.model;

/**
 * How the reconstruction loss is formed (docs/method.md, "Latents and losses").
 *
 * @param positions        masked positions only (default) or all positions
 * @param reduction        mean over coordinates (default) or sum per sample
 * @param dropEmptyPersons exclude all-zero person-sequences (an absent second actor) from pre-training
 */
public record LossConfig(Positions positions, Reduction reduction, boolean dropEmptyPersons) {

    /** Which positions the reconstruction loss covers. */
    public enum Positions { MASKED, ALL }

    /** How squared errors are reduced. */
    public enum Reduction { MEAN, SUM_PER_SAMPLE }

    public static LossConfig paper() {
        return new LossConfig(Positions.MASKED, Reduction.MEAN, true);
    }
}
