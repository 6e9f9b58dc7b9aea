package org.skelmae.run;

/** What an experiment trains. */
public enum RunKind {
    /** Masked reconstruction with the configured latent. */
    PRETRAIN,
    /** Encoder from a pre-training checkpoint, fresh linear head, everything trained. */
    FINETUNE,
    /** Frozen pre-trained encoder, only a linear head trained (MAMP's linear evaluation). */
    LINPROBE,
    /** The fine-tuning recipe from random weights: the control the paper lacks. */
    SCRATCH,
    /** Parameters, FLOPs, measured step times and memory of the method (Table 8), no training to the end. */
    COST
}
