package org.skelmae.data.ntu;

/**
 * What fills the second person slot of a single-actor sample (docs/method.md, "Inputs and preprocessing"). The
 * reference repositories
 * disagree: STTFormer and MAMP duplicate the actor for NTU-120, everyone uses zeros for NTU-60. The
 * choice changes the person-mean pooling of the classifier, so it is recorded with every run.
 */
public enum SecondActor {
    /** Leave the second slot zero (NTU-60 convention; an empty person is excluded from the MAE loss). */
    ZEROS,
    /** Copy the first actor into the second slot (STTFormer's NTU-120 convention). */
    DUPLICATE
}
