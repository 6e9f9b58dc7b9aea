package org.skelmae.training;

import org.skelmae.data.sampling.Batch;
import org.skelmae.model.Network;
import org.skelmae.model.SkeletonClassifier;

import java.util.Map;

/**
 * A phase that trains a classifier on labelled samples, a seeded share of which it holds out of training.
 * Both families' classifiers name their loss {@code loss}, and every classifier run keeps the checkpoint
 * of the best test top-1 (the papers' selection; the held-out slice shows how optimistic it is).
 */
public interface ClassifyingPhase extends TrainingPhase {

    /** The labelled samples held out of training. */
    int heldOutSamples();

    /** The epoch's training loss and top-1 as the phase accumulates them. */
    ClassifierMetrics metrics();

    @Override
    default void observe(Batch batch, Network.Step step) {
        metrics().observe(batch, step);
    }

    @Override
    default Map<String, Double> logged(Network.Step step) {
        return ClassifierMetrics.logged(step);
    }

    @Override
    default Map<String, Double> endEpoch(int steps, long samples) {
        return metrics().endEpoch(steps, samples);
    }

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
