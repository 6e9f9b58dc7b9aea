package org.skelmae.training;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.latent.LatentType;

import java.util.List;

/**
 * The optimiser and schedule of a run (SPEC §5.4): Adam with coupled weight decay, a linear warm-up and
 * step decays at epochs given for a 200-epoch run and scaled to the actual number of epochs.
 *
 * @param epochs          epochs to train
 * @param batchSize       samples per batch
 * @param learningRate    base learning rate; 0 means the paper's default for the latent (1e-3, 1e-2 for VQ)
 * @param warmupEpochs    linear warm-up epochs (5)
 * @param milestones      epochs of ×gamma decays in a 200-epoch run (60, 90, 110)
 * @param gamma           decay factor (0.1)
 * @param weightDecay     L2 added to the gradient (1e-4)
 * @param beta1           Adam β1 (0.9)
 * @param beta2           Adam β2 (0.999)
 * @param epsilon         Adam ε (1e-8)
 * @param logEvery        a progress line every this many iterations
 * @param heldOutFraction share of the (labelled) training samples held out for honest model selection
 */
@JsonPropertyOrder({"epochs", "batchSize", "learningRate", "warmupEpochs", "milestones", "gamma", "weightDecay",
        "beta1", "beta2", "epsilon", "logEvery", "heldOutFraction"})
public record TrainingConfig(int epochs, int batchSize, double learningRate, int warmupEpochs, List<Integer> milestones,
                             double gamma, double weightDecay, double beta1, double beta2, double epsilon, int logEvery,
                             double heldOutFraction) {

    /** Reference length of the schedule's milestones. */
    public static final int REFERENCE_EPOCHS = 200;

    public TrainingConfig {
        milestones = List.copyOf(milestones);
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("training.epochs and training.batchSize must be at least 1");
        }
        if (learningRate < 0 || !(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("training.learningRate must be >= 0 and heldOutFraction in [0, 1)");
        }
    }

    /** The paper's recipe: 200 epochs, batch 64, per-latent LR, 5 warm-up epochs, decays at 60/90/110. */
    public static TrainingConfig paper() {
        return new TrainingConfig(200, 64, 0, 5, List.of(60, 90, 110), 0.1, 1e-4, 0.9, 0.999, 1e-8, 10, 0.05);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, learningRate, warmupEpochs, milestones, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(epochs, b, learningRate, warmupEpochs, milestones, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(epochs, batchSize, lr, warmupEpochs, milestones, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction);
    }

    /** The base learning rate for a latent: the configured one, or 1e-2 for VQ and 1e-3 otherwise. */
    public double baseLearningRate(LatentType latent) {
        if (learningRate > 0) {
            return learningRate;
        }
        return latent == LatentType.VQ ? 1e-2 : 1e-3;
    }

    /** Milestones scaled to this run's length when it is shorter than 200 epochs. */
    public List<Integer> scaledMilestones() {
        if (epochs >= REFERENCE_EPOCHS) {
            return milestones;
        }
        return milestones.stream().map(m -> (int) Math.round(m * (double) epochs / REFERENCE_EPOCHS)).toList();
    }

    /** Warm-up epochs, scaled like the milestones for short runs (at least 1 when warm-up is on). */
    public int scaledWarmup() {
        if (epochs >= REFERENCE_EPOCHS || warmupEpochs == 0) {
            return warmupEpochs;
        }
        return Math.max(1, (int) Math.round(warmupEpochs * (double) epochs / REFERENCE_EPOCHS));
    }

    /** Learning rate during 0-based {@code epoch}: linear warm-up, then ×gamma at each passed milestone. */
    public double learningRate(double base, int epoch) {
        int warm = scaledWarmup();
        if (epoch < warm) {
            return base * (epoch + 1) / warm;
        }
        double lr = base;
        for (int m : scaledMilestones()) {
            if (epoch >= m) {
                lr *= gamma;
            }
        }
        return lr;
    }
}
