package org.skelmae.training;

import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.model.Network;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.Seeds;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one training loop of every run: resume from the {@code last} checkpoint,
 * the schedule resolved for the data, one {@link TrainingStep} per batch with a divergence guard before the
 * update, validation after every epoch, the {@code best} and {@code last} checkpoints written atomically, the
 * metrics file and line-oriented progress. A {@link TrainingPhase} supplies the model, the inputs of a batch,
 * its validation and which value is better. The phase's graphs are closed when the loop ends, diverged or not.
 */
public final class TrainingLoop {

    /**
     * @param history   every epoch's metrics (a resumed run's earlier epochs included)
     * @param bestEpoch epoch with the best selection metric
     * @param bestValue that metric's value
     * @param schedule  the resolved schedule
     */
    public record Outcome(List<EpochMetrics> history, int bestEpoch, double bestValue, Schedule schedule) {
    }

    private final ExperimentConfig cfg;
    private final LoadedDataset data;
    private final RunDirectory dir;
    private final Progress progress;

    public TrainingLoop(ExperimentConfig cfg, LoadedDataset data, RunDirectory dir, Progress progress) {
        this.cfg = cfg;
        this.data = data;
        this.dir = dir;
        this.progress = progress;
    }

    /** Trains {@code phase} to the end of its schedule, closing it in any case. */
    public Outcome run(TrainingPhase phase) throws IOException {
        try (phase) {
            return train(phase);
        }
    }

    private Outcome train(TrainingPhase phase) throws IOException {
        TrainingConfig tc = cfg.training();
        String name = cfg.kind().name().toLowerCase(Locale.ROOT);
        Optimizer optimizer = Optimizer.of(tc);
        TrainingPhase.Model model = phase.model();
        TrainingStep step = new TrainingStep(model.train(), model.store(), model.trainable(), optimizer, cfg.model().bnMomentum());
        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        int bestEpoch = 0;
        double best = phase.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        boolean resumed = dir.state() == RunDirectory.State.RESUME;
        if (resumed) {
            Checkpoint.Meta m = Checkpoint.restore(dir.checkpoint("last"), model.store(), optimizer, cfg.sha256());
            history.addAll(m.history());
            start = m.epochsCompleted();
            bestEpoch = m.bestEpoch();
            best = m.bestValue();
            dir.writeMetrics(history);
        }
        phase.start(resumed);
        // graphs copy arrays when built: bring restored or loaded weights (and a frozen encoder's statistics) in
        model.train().syncFromStore();
        int[] trainIdx = phase.trainIndices();
        int batch = phase.batchSize();
        int perPass = trainIdx.length / batch;
        if (perPass == 0) {
            throw new ConfigurationException("batch size " + batch + " exceeds the " + trainIdx.length + " training samples");
        }
        Schedule sched = tc.resolve(perPass);
        int its = sched.iterationsPerEpoch();
        double base = cfg.baseLearningRate();
        TrainLog log = new TrainLog(progress, cfg.tag(), name, (long) (sched.epochs() - start) * its);
        String description = phase.describe(sched, base);
        if (description != null) {
            log.info(description);
        }
        if (sched.extended()) {
            log.info(sched.extensionNote());
        }
        log.info(sched.describe());
        if (start > 0) {
            log.info("resuming after epoch " + start + " from " + dir.checkpoint("last"));
        }
        for (int epoch = start; epoch < sched.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lr = sched.learningRateAtEpoch(base, epoch);
            long samples = 0;
            int it = 0;
            for (int pass = 0; pass < sched.passesPerEpoch(); pass++) {
                try (BatchLoader loader = new BatchLoader(data.dataset(), trainIdx, batch, true, model.pipeline(),
                        Seeds.of(cfg.seed(), "data"), epoch * sched.passesPerEpoch() + pass)) {
                    while (loader.hasNext()) {
                        try (Batch b = loader.next()) {
                            long global = (long) epoch * its + it;
                            lr = sched.learningRate(base, global);
                            Map<String, Double> logged;
                            try (TrainingPhase.Inputs in = phase.inputs(b, global)) {
                                Network.Step s = step.gradients(in.placeholders(), in.rows());
                                try {
                                    double loss = s.scalars().get(phase.lossName());
                                    if (!Double.isFinite(loss)) {
                                        throw new DivergenceException(String.format("[%s] %s diverged at epoch %d iteration %d: loss is %s;"
                                                + " the last good checkpoint is %s (after epoch %d)", cfg.tag(), name, epoch + 1, it + 1,
                                                loss, dir.checkpoint("last"), history.size()));
                                    }
                                    step.update(s, lr);
                                    phase.observe(b, s);
                                    logged = phase.logged(s);
                                } finally {
                                    s.close();
                                }
                            }
                            samples += b.size();
                            it++;
                            if (tc.logEvery() > 0 && it % tc.logEvery() == 0) {
                                log.iteration(epoch + 1, sched.epochs(), it, its, logged, lr, samples / ((System.nanoTime() - t0) / 1e9));
                            } else {
                                log.counted();
                            }
                        }
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> train = phase.endEpoch(it, samples);
            model.eval().syncFromStore();
            Map<String, Double> validation = phase.validate();
            EpochMetrics m = new EpochMetrics(epoch + 1, lr, train, validation, samples / trainSeconds, (System.nanoTime() - t0) / 1e9);
            history.add(m);
            double v = validation.get(phase.selectionMetric());
            if (phase.higherIsBetter() ? v > best : v < best) {
                best = v;
                bestEpoch = epoch + 1;
                Checkpoint.save(dir.checkpoint("best"), model.store(), null, meta(history, bestEpoch, best, optimizer));
            }
            Checkpoint.save(dir.checkpoint("last"), model.store(), optimizer, meta(history, bestEpoch, best, optimizer));
            dir.writeMetrics(history);
            log.epoch(m, sched.epochs());
        }
        model.eval().syncFromStore();
        phase.finish(dir.dir());
        return new Outcome(List.copyOf(history), bestEpoch, best, sched);
    }

    private Checkpoint.Meta meta(List<EpochMetrics> history, int bestEpoch, double best, Optimizer optimizer) {
        return new Checkpoint.Meta(Checkpoint.SCHEMA_VERSION, cfg.kind().name().toLowerCase(Locale.ROOT),
                cfg.sha256(), history.size(), optimizer.steps(), bestEpoch, best, List.copyOf(history));
    }
}
