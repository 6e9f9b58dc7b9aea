package org.skelmae.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link TrainingConfig} resolved against a dataset: how many epochs are recorded (evaluated and
 * checkpointed), how many passes over the training samples each of them makes, and the learning rate at
 * every optimiser step.
 *
 * <p><b>Length.</b> The requested length is {@code epochs}, or {@code ceil(steps / iterationsPerPass)} when
 * steps are given. When that is fewer than {@code minSteps} optimiser steps (a small dataset, or few
 * labels), the run makes {@code ceil(minSteps / iterationsPerPass)} passes instead, grouped into as many
 * recorded epochs as were requested ({@code passesPerEpoch} passes each, rounded up). Grouping keeps the
 * number of evaluations (and their cost, which dominates when a 10% label subset is small next to the test
 * split) as requested while the optimiser gets the steps it needs. With {@code passesPerEpoch = 1} a run is
 * exactly what it was before minSteps existed, data order included.
 *
 * <p><b>Learning rate.</b> Evaluated per optimiser STEP from the fractions: a linear warm-up over
 * {@code round(warmup × totalSteps)} steps (at least one when warm-up is on), then ×gamma at every
 * {@code round(decay × totalSteps)} passed. Per step because the fractions of a short or minSteps-extended
 * run fall inside epochs (a 2.5% warm-up of a 124-step run is 3 steps): per epoch they would round to
 * whole epochs, and a 4-epoch run's 1-epoch warm-up ran at full LR from its first step. For the paper's
 * 200 epochs the decays land exactly on epochs 60, 90 and 110, as before.
 *
 * @param requestedEpochs    epochs the config asked for (from epochs or steps)
 * @param epochs             recorded epochs (each evaluated and checkpointed)
 * @param passesPerEpoch     passes over the training samples in one recorded epoch
 * @param iterationsPerPass  optimiser steps in one pass (training samples / batch size, rounded down)
 * @param totalSteps         optimiser steps of the whole run
 * @param warmupSteps        steps of linear warm-up
 * @param decaySteps         steps from which the LR is multiplied by gamma once more
 * @param gamma              decay factor
 * @param extendedBy         the minSteps that lengthened the run, or 0 when it was not lengthened
 */
public record Schedule(int requestedEpochs, int epochs, int passesPerEpoch, int iterationsPerPass, long totalSteps,
                       long warmupSteps, List<Long> decaySteps, double gamma, int extendedBy) {

    public Schedule {
        decaySteps = List.copyOf(decaySteps);
    }

    /** Resolves a config for a dataset with {@code iterationsPerPass} steps per pass over its training samples. */
    public static Schedule of(TrainingConfig tc, int iterationsPerPass) {
        if (iterationsPerPass < 1) {
            throw new IllegalArgumentException("iterationsPerEpoch must be at least 1, got " + iterationsPerPass
                    + " (batch size " + tc.batchSize() + " larger than the training samples?)");
        }
        int requested = tc.steps() > 0 ? ceilDiv(tc.steps(), iterationsPerPass) : tc.epochs();
        int passes = 1;
        int extendedBy = 0;
        if (tc.minSteps() > 0 && (long) requested * iterationsPerPass < tc.minSteps()) {
            int needed = ceilDiv(tc.minSteps(), iterationsPerPass);
            passes = ceilDiv(needed, requested);
            extendedBy = tc.minSteps();
        }
        long total = (long) requested * passes * iterationsPerPass;
        long warm = tc.warmup() > 0 ? Math.max(1, Math.round(tc.warmup() * total)) : 0;
        List<Long> decays = new ArrayList<>();
        for (double d : tc.decays()) {
            decays.add(Math.round(d * total));
        }
        return new Schedule(requested, requested, passes, iterationsPerPass, total, warm, decays, tc.gamma(), extendedBy);
    }

    /** Optimiser steps in one recorded epoch. */
    public int iterationsPerEpoch() {
        return passesPerEpoch * iterationsPerPass;
    }

    /** Passes over the training samples in the whole run. */
    public int totalPasses() {
        return epochs * passesPerEpoch;
    }

    /** True when minSteps lengthened the run. */
    public boolean extended() {
        return extendedBy > 0;
    }

    /** Learning rate at 0-based optimiser {@code step}: linear warm-up, then ×gamma at each passed decay step. */
    public double learningRate(double base, long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double lr = base;
        for (long d : decaySteps) {
            if (step >= d) {
                lr *= gamma;
            }
        }
        return lr;
    }

    /** Learning rate of the first step of 0-based recorded {@code epoch}. */
    public double learningRateAtEpoch(double base, int epoch) {
        return learningRate(base, (long) epoch * iterationsPerEpoch());
    }

    /**
     * The log line for a lengthened run, e.g. "dataset small: 18 steps < minSteps 60, training 24 epochs
     * instead of 6 (6 evaluated epochs of 4 passes)"; null when the run was not lengthened.
     */
    public String extensionNote() {
        if (!extended()) {
            return null;
        }
        return String.format(Locale.ROOT, "dataset small: %d steps < minSteps %d, training %d epochs instead of %d"
                        + " (%d steps; %d evaluated epochs of %d passes over the %d-step training set)",
                (long) requestedEpochs * iterationsPerPass, extendedBy, totalPasses(), requestedEpochs, totalSteps, epochs,
                passesPerEpoch, iterationsPerPass);
    }

    /** One line describing length and LR schedule. */
    public String describe() {
        return String.format(Locale.ROOT, "schedule: %d epochs x %d steps = %d optimiser steps, warm-up %d steps, decays at steps %s",
                totalPasses(), iterationsPerPass, totalSteps, warmupSteps, decaySteps);
    }

    private static int ceilDiv(long a, long b) {
        return Math.toIntExact((a + b - 1) / b);
    }
}
