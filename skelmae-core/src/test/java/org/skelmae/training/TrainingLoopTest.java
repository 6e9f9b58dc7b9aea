package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.model.Network;
import org.skelmae.model.Presets;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one training loop: a phase is closed whether the run ends or diverges, and no update follows a non-finite loss. */
class TrainingLoopTest {

    static final LoadedDataset DATA = SyntheticMotion.standard().load();

    @TempDir
    Path tmp;

    /** A pre-training phase whose inputs turn to NaN from step {@code poisonFrom} on, and which records its closing. */
    static final class Watched implements TrainingPhase {
        final PretrainPhase phase;
        final long poisonFrom;
        boolean closed;
        Map<String, INDArray> weightsBeforePoison;

        Watched(PretrainPhase phase, long poisonFrom) {
            this.phase = phase;
            this.poisonFrom = poisonFrom;
        }

        @Override public Model model() { return phase.model(); }
        @Override public int[] trainIndices() { return phase.trainIndices(); }
        @Override public int batchSize() { return phase.batchSize(); }
        @Override public String lossName() { return phase.lossName(); }
        @Override public void observe(Batch b, Network.Step s) { phase.observe(b, s); }
        @Override public Map<String, Double> logged(Network.Step s) { return phase.logged(s); }
        @Override public Map<String, Double> endEpoch(int steps, long samples) { return phase.endEpoch(steps, samples); }
        @Override public Map<String, Double> validate() { return phase.validate(); }
        @Override public String selectionMetric() { return phase.selectionMetric(); }
        @Override public boolean higherIsBetter() { return phase.higherIsBetter(); }

        @Override
        public Inputs inputs(Batch batch, long step) {
            Inputs in = phase.inputs(batch, step);
            if (step >= poisonFrom) {
                weightsBeforePoison = new java.util.LinkedHashMap<>();
                phase.model().store().params().forEach((k, v) -> weightsBeforePoison.put(k, v.dup()));
                in.placeholders().values().stream().filter(a -> a.dataType().isFPType()).forEach(a -> a.assign(Double.NaN));
            }
            return in;
        }

        @Override
        public void close() {
            closed = true;
            phase.close();
        }
    }

    static ExperimentConfig pretrain(int epochs) {
        return new ExperimentConfig("test", "loop", RunKind.PRETRAIN, 3, "synthetic", null, Presets.load("tiny-mae"),
                TrainingConfig.paper().withEpochs(epochs).withBatchSize(32), 1, 0, null, 2);
    }

    @Test
    void aDivergedRunClosesItsPhaseAndLeavesTheWeightsAsTheLastFiniteStepLeftThem() throws Exception {
        ExperimentConfig c = pretrain(2);
        Watched w = new Watched(new PretrainPhase(c, DATA), 3);
        try (RunDirectory dir = RunDirectory.open(tmp, c, false)) {
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> new TrainingLoop(c, DATA, dir, Progress.NONE).run(w));
            assertTrue(e.getMessage().contains("pretrain diverged at epoch 1 iteration 4"), e.getMessage());
        }
        assertTrue(w.closed, "the phase's graphs are released on divergence");
        w.weightsBeforePoison.forEach((k, v) -> assertEquals(v, w.model().store().params().get(k), k + " was updated from a NaN loss"));
    }

    @Test
    void aFinishedRunClosesItsPhaseAndReportsItsSchedule() throws Exception {
        ExperimentConfig c = pretrain(1);
        Watched w = new Watched(new PretrainPhase(c, DATA), Long.MAX_VALUE);
        TrainingLoop.Outcome o;
        try (RunDirectory dir = RunDirectory.open(tmp, c, false)) {
            o = new TrainingLoop(c, DATA, dir, Progress.NONE).run(w);
        }
        assertTrue(w.closed);
        assertEquals(1, o.history().size());
        assertEquals(1, o.bestEpoch());
        assertEquals(o.history().get(0).validation().get("loss"), o.bestValue());
        assertEquals(DATA.split().train().length / 32, o.schedule().iterationsPerEpoch());
    }
}
