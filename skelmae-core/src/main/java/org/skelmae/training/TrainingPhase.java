package org.skelmae.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a kind of training (masked pre-training, classification) supplies to {@link TrainingLoop}: its model,
 * the inputs of a batch, what it accumulates as training metrics, its validation and which validation value is
 * better. Everything else (resume, schedule, divergence guard, optimiser step, checkpoints, metrics, logs) is
 * the loop's. A phase owns its graphs: {@link #close()} releases them.
 */
public interface TrainingPhase extends AutoCloseable {

    /**
     * The inputs of one training step.
     *
     * @param placeholders the graph's inputs
     * @param rows         rows the BatchNorm layers see (for the unbiased running variance)
     * @param release      releases what was made for this step only (not the batch's own arrays)
     */
    record Inputs(Map<String, INDArray> placeholders, long rows, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /**
     * What a phase trains: the parameters, the training graph and the evaluation-mode graph over them (the loop
     * syncs the latter before {@link #validate()}), the parameters that get gradients and updates, and the clip
     * sampling. Closing it closes both graphs.
     */
    record Model(ParameterStore store, Network train, Network eval, List<String> trainable, ClipSampler pipeline)
            implements AutoCloseable {
        @Override
        public void close() {
            train.close();
            eval.close();
        }
    }

    Model model();

    /**
     * Called once before training, after a resumed run's checkpoint was restored ({@code resumed}) or not; a
     * fine-tune loads its pre-trained encoder here when it is not resuming.
     */
    default void start(boolean resumed) throws IOException {
    }

    /** The training samples of every epoch. */
    int[] trainIndices();

    int batchSize();

    /** A line describing the run, logged before the schedule, or null. */
    default String describe(Schedule schedule, double baseLearningRate) {
        return null;
    }

    /**
     * The inputs of a training batch.
     *
     * @param step the run's optimiser step counted from 0 (seeds per-step randomness, so a resumed run draws the same)
     */
    Inputs inputs(Batch batch, long step);

    /** The scalar whose non-finite value stops the run as diverged. */
    String lossName();

    /** Takes a successful step's outputs into the epoch's training metrics. */
    void observe(Batch batch, Network.Step step);

    /** The scalars logged every {@code logEvery} steps. */
    Map<String, Double> logged(Network.Step step);

    /** The epoch's training metrics from what {@link #observe} saw in {@code steps} steps, and starts the next epoch's. */
    Map<String, Double> endEpoch(int steps, long samples);

    /** The validation metrics after an epoch, in evaluation mode. */
    Map<String, Double> validate();

    /** The validation metric that picks the {@code best} checkpoint. */
    String selectionMetric();

    boolean higherIsBetter();

    /**
     * Called once after the last epoch, before the graphs are closed, with the last epoch's weights in the
     * evaluation graph: writes what the phase leaves beside the checkpoints in the run directory (pre-training:
     * {@link Reconstructions#FILE} and {@link org.skelmae.evaluation.Embeddings#FILE}). Does nothing by default.
     */
    default void finish(Path runDir) throws IOException {
    }

    /** Releases the graphs. */
    @Override
    default void close() {
        model().close();
    }
}
