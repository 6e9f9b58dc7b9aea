package org.skelmae.training;

/** A phase that trains a classifier on labelled samples, a seeded share of which it holds out of training. */
public interface ClassifyingPhase extends TrainingPhase {

    /** The labelled samples held out of training. */
    int heldOutSamples();
}
