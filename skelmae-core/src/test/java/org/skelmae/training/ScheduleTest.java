package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.skelmae.model.Presets;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.util.Json;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleTest {

    private static final TrainingConfig PAPER = TrainingConfig.paper();

    @Test
    void paperRecipeDecaysOnTheSameEpochsAsBefore() {
        Schedule s = PAPER.resolve(10);
        assertEquals(200, s.epochs());
        assertEquals(1, s.passesPerEpoch());
        assertEquals(2000, s.totalSteps());
        assertEquals(50, s.warmupSteps(), "5 of 200 epochs");
        assertEquals(List.of(600L, 900L, 1100L), s.decaySteps(), "epochs 60, 90, 110");
        assertEquals(1e-3 / 50, s.learningRate(1e-3, 0), 1e-15);
        assertEquals(1e-3, s.learningRate(1e-3, 49), 1e-15);
        assertEquals(1e-3, s.learningRate(1e-3, 599), 1e-15);
        assertEquals(1e-4, s.learningRate(1e-3, 600), 1e-15);
        assertEquals(1e-6, s.learningRate(1e-3, 1999), 1e-18);
        assertEquals(s.learningRate(1e-3, 600), s.learningRateAtEpoch(1e-3, 60), 0);
        assertNull(s.extensionNote());
    }

    @Test
    void fractionsApplyToShortRunsPerStep() {
        // the ci suite's pre-training on NW-UCLA: 4 epochs x 31 steps, milestone 150/200
        TrainingConfig ci = PAPER.withEpochs(4).withBatchSize(32).withSchedule(TrainingConfig.fraction(5), List.of(0.75));
        Schedule s = ci.resolve(31);
        assertEquals(124, s.totalSteps());
        assertEquals(3, s.warmupSteps(), "round(0.025 x 124)");
        assertEquals(List.of(93L), s.decaySteps(), "0.75 x 124");
        assertEquals(2.0 / 3, s.learningRate(1, 1), 1e-12, "linear warm-up inside the first epoch");
        assertEquals(1, s.learningRate(1, 92), 0);
        assertEquals(0.1, s.learningRate(1, 93), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ci.resolve(0));
    }

    @Test
    void stepsBecomeWholeEpochs() {
        TrainingConfig t = PAPER.withEpochs(1).withSteps(100);
        Schedule s = t.resolve(31);
        assertEquals(4, s.epochs(), "ceil(100 / 31)");
        assertEquals(124, s.totalSteps());
        assertEquals(1, PAPER.withSteps(5).resolve(31).epochs());
    }

    @Test
    void minStepsLengthensSmallDatasetsOnly() {
        TrainingConfig ft = PAPER.withEpochs(6).withMinSteps(48);
        Schedule full = ft.resolve(31);
        assertFalse(full.extended(), "NW-UCLA at 100% labels: 186 steps >= 48");
        assertEquals(186, full.totalSteps());

        Schedule tenth = ft.resolve(3);
        assertTrue(tenth.extended());
        assertEquals(6, tenth.epochs(), "evaluations stay as requested");
        assertEquals(3, tenth.passesPerEpoch(), "ceil(ceil(48 / 3) / 6)");
        assertEquals(54, tenth.totalSteps());
        assertEquals(9, tenth.iterationsPerEpoch());
        assertTrue(tenth.extensionNote().startsWith("dataset small: 18 steps < minSteps 48, training 18 epochs instead of 6"),
                tenth.extensionNote());

        Schedule generic = PAPER.withEpochs(6).withMinSteps(600).resolve(9);
        assertEquals(12, generic.passesPerEpoch());
        assertEquals(648, generic.totalSteps());
        assertEquals(Math.round(0.3 * 648), generic.decaySteps().get(0));
    }

    @Test
    void resolutionIsDeterministicAndPartOfTheHash() {
        TrainingConfig t = PAPER.withEpochs(6).withMinSteps(48);
        assertEquals(t.resolve(3), t.resolve(3));
        ExperimentConfig a = config(t);
        ExperimentConfig b = config(PAPER.withEpochs(6).withMinSteps(48));
        assertEquals(a.sha256(), b.sha256(), "same config, same hash: a run resumes");
        assertNotEquals(a.sha256(), config(t.withMinSteps(60)).sha256(), "minSteps is part of the hash");
        ExperimentConfig back = Json.read(new ByteArrayInputStream(Json.toString(a).getBytes(StandardCharsets.UTF_8)), "config",
                ExperimentConfig.class, Json.mapper());
        assertEquals(a, back);
        assertEquals(a.sha256(), back.sha256(), "the hash survives config.json");
    }

    @Test
    void readsTheEpochBasedFormOfOlderConfigs() {
        String old = "{\"epochs\":4,\"batchSize\":32,\"learningRate\":0.0,\"warmupEpochs\":5,\"milestones\":[60,90,110],"
                + "\"gamma\":0.1,\"weightDecay\":1e-4,\"beta1\":0.9,\"beta2\":0.999,\"epsilon\":1e-8,\"logEvery\":10,\"heldOutFraction\":0.05}";
        TrainingConfig t = read(old);
        assertEquals(PAPER.withEpochs(4).withBatchSize(32), t);
        assertEquals(0, t.minSteps());

        ConfigurationException both = assertThrows(ConfigurationException.class,
                () -> read(old.replace("\"epochs\":4", "\"epochs\":4,\"warmup\":0.1")));
        assertTrue(both.getMessage().contains("warmupEpochs"), both.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> read(old.replace("\"epochs\":4", "\"epochs\":4,\"epoch\":2")));
        assertTrue(unknown.getMessage().contains("'epoch'"), unknown.getMessage());
        ConfigurationException missing = assertThrows(ConfigurationException.class,
                () -> read(old.replace("\"batchSize\":32,", "")));
        assertTrue(missing.getMessage().contains("training.batchSize"), missing.getMessage());
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> PAPER.withSchedule(0.1, List.of(1.5)));
        assertTrue(bad.getMessage().contains("training.decays"), bad.getMessage());
    }

    @Test
    void underfitWarningNamesRunDatasetAndRemedy() {
        ExperimentConfig cfg = config(PAPER.withEpochs(2));
        Schedule s = PAPER.withEpochs(2).resolve(5);
        List<EpochMetrics> low = List.of(new EpochMetrics(1, 1e-3, Map.of("loss", 2.3, "top1", 0.1), Map.of(), 1, 1),
                new EpochMetrics(2, 1e-3, Map.of("loss", 2.2, "top1", 0.15), Map.of(), 1, 1));
        String w = ClassifierPhase.underfitWarning(cfg, "npz:raw.npz", low, 10, s);
        assertTrue(w.contains(cfg.tag()) && w.contains("npz:raw.npz") && w.contains("UNDERFIT") && w.contains("minSteps"), w);
        List<EpochMetrics> fine = List.of(new EpochMetrics(1, 1e-3, Map.of("loss", 0.5, "top1", 0.6), Map.of(), 1, 1));
        assertNull(ClassifierPhase.underfitWarning(cfg, "npz:raw.npz", fine, 10, s));
    }

    private static TrainingConfig read(String json) {
        try {
            return Json.mapper().readValue(json, TrainingConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw (ConfigurationException) e.getCause();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExperimentConfig config(TrainingConfig t) {
        return new ExperimentConfig("test", "scratch-10pct", RunKind.SCRATCH, 1, "synthetic", null, Presets.load("tiny-mae"), t,
                0.1, 1, null, 2);
    }
}
