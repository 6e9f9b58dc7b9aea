package org.skelmae.training;

import org.skelmae.model.SkeletonClassifier;

/**
 * A phase that trains a classifier on labelled samples, a seeded share of which it holds out of training.
 * Both families' classifiers name their loss {@code loss}, and every classifier run keeps the checkpoint
 * of the best test top-1 (the papers' selection; the held-out slice shows how optimistic it is).
 */
public interface ClassifyingPhase extends TrainingPhase {

    /** The labelled samples held out of training. */
    int heldOutSamples();

    @Override
    default String lossName() {
        return SkeletonClassifier.LOSS;
    }

    @Override
    default String selectionMetric() {
        return "test.top1";
    }

    @Override
    default boolean higherIsBetter() {
        return true;
    }
}
