package org.skelmae.suite;

import org.junit.jupiter.api.Test;
import org.skelmae.data.DataFingerprint;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.evaluation.Predictions;
import org.skelmae.model.Presets;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;
import org.skelmae.stats.Verdict;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary rows (last-epoch headline, intervals, held-out rule) and comparisons, on hand-made outcomes. */
class SuiteSummaryTest {

    private static final List<String> CLASSES = List.of("wave", "sit down", "stand up");

    /** A successful classification run; heldOut null means the result has no heldOutSamples figure. */
    static ExperimentOutcome run(String name, RunKind kind, Method m, String variant, double fraction, long seed, long subset,
                                 double last, double best, double selected, Double heldOut) {
        PlannedExperiment p = plan(name, kind, m, variant, fraction, seed, subset);
        Evaluation ev = new Evaluation(30, best, 0.9, 1, new double[3], new int[]{10, 10, 10}, new int[3][3], CLASSES);
        Map<String, Double> secondary = new HashMap<>();
        if (heldOut != null) {
            secondary.put("heldOutSamples", heldOut);
        }
        RunResult r = new RunResult(1, "s", name, kind, seed, "d", false, "x", new RunResult.Metric("test.top1", true, best, 3, last,
                selected, 2), secondary, ev, ev, List.of(), 10, "rerun");
        return new ExperimentOutcome(p, ExperimentOutcome.Status.OK, null, r);
    }

    static PlannedExperiment plan(String name, RunKind kind, Method m, String variant, double fraction, long seed, long subset) {
        ExperimentConfig c = new ExperimentConfig("s", name, kind, seed, "d", null, Presets.load("tiny-" + (m == null ? "mae" : m.id())),
                TrainingConfig.paper().withEpochs(3), fraction, subset, kind == RunKind.FINETUNE || kind == RunKind.LINPROBE ? "/ckpt.npz" : null, 2);
        return new PlannedExperiment(c, List.of(), m, variant, fraction, subset);
    }

    static ExperimentOutcome pretrain(Method m, long seed, double last, double best) {
        PlannedExperiment p = plan(m.id() + "-pretrain", RunKind.PRETRAIN, m, null, 1, seed, 0);
        RunResult r = new RunResult(1, "s", m.id() + "-pretrain", RunKind.PRETRAIN, seed, "d", false, "x",
                new RunResult.Metric("validation.loss", false, best, 3, last, Double.NaN, 0), Map.of(), null, null, List.of(), 5, "rerun");
        return new ExperimentOutcome(p, ExperimentOutcome.Status.OK, null, r);
    }

    /** MAE with three seeds, scratch with seeds 1, 2, 4, MVQVAE with one, a failed MVAE, a linear probe. */
    static List<ExperimentOutcome> outcomes() {
        List<ExperimentOutcome> o = new ArrayList<>();
        o.add(pretrain(Method.MAE, 1, 0.20, 0.19));
        o.add(pretrain(Method.MAE, 2, 0.22, 0.21));
        o.add(run("mae-finetune-100pct", RunKind.FINETUNE, Method.MAE, null, 1, 1, 0, 0.79, 0.80, 0.78, 15.0));
        o.add(run("mae-finetune-100pct", RunKind.FINETUNE, Method.MAE, null, 1, 2, 0, 0.81, 0.82, 0.80, 15.0));
        o.add(run("mae-finetune-100pct", RunKind.FINETUNE, Method.MAE, null, 1, 3, 0, 0.83, 0.84, 0.82, 30.0));
        o.add(run("mvqvae-finetune-100pct", RunKind.FINETUNE, Method.MVQVAE, null, 1, 1, 0, 0.85, 0.86, 0.84, 14.0));
        o.add(new ExperimentOutcome(plan("mvae-finetune-100pct", RunKind.FINETUNE, Method.MVAE, null, 1, 1, 0),
                ExperimentOutcome.Status.FAILED, "diverged", null));
        o.add(run("mae-linprobe-100pct", RunKind.LINPROBE, Method.MAE, null, 1, 1, 0, 0.50, 0.52, 0.49, null));
        o.add(run("scratch-100pct", RunKind.SCRATCH, null, null, 1, 1, 0, 0.59, 0.60, 0.58, 15.0));
        o.add(run("scratch-100pct", RunKind.SCRATCH, null, null, 1, 2, 0, 0.62, 0.63, 0.61, 15.0));
        o.add(run("scratch-100pct", RunKind.SCRATCH, null, null, 1, 4, 0, 0.70, 0.70, 0.70, 15.0));
        o.add(run("mae-finetune-10pct-subset1", RunKind.FINETUNE, Method.MAE, null, 0.1, 1, 1, 0.50, 0.55, 0.49, 15.0));
        o.add(run("mae-finetune-10pct-subset2", RunKind.FINETUNE, Method.MAE, null, 0.1, 1, 2, 0.52, 0.56, 0.51, 15.0));
        return o;
    }

    static SummaryRow row(List<SummaryRow> rows, String group) {
        return rows.stream().filter(r -> r.group().equals(group)).findFirst().orElseThrow();
    }

    static Comparison comparison(List<Comparison> cs, String a, String b) {
        return cs.stream().filter(c -> c.a().equals(a) && c.b().equals(b)).findFirst().orElseThrow(() -> new AssertionError(a + " − " + b + " in " + cs));
    }

    @Test
    void theHeadlineIsTheLastEpochWithATInterval() {
        SummaryRow mae = row(SuiteResult.summarise(outcomes()), "mae-finetune-100pct");
        assertEquals(3, mae.n());
        assertEquals(0.81, mae.mean(), 1e-12, "last epoch, not best");
        assertEquals(0.02, mae.std(), 1e-12);
        // 0.81 ± t(0.975, 2) · 0.02 / √3 = 0.81 ± 4.3027 · 0.011547 = 0.81 ± 0.049683
        assertEquals(0.760317, mae.ciLow(), 1e-5);
        assertEquals(0.859683, mae.ciHigh(), 1e-5);
        assertEquals(0.82, mae.bestOnTestMean(), 1e-12, "the paper's protocol, kept apart");
        assertEquals(0.80, mae.heldOutSelectedMean(), 1e-12, "15 and 30 held out, 3 classes: at least 5 per class");
        assertEquals(List.of(new SummaryRow.Run(1, 0, 0.79, 0.80, 0.78), new SummaryRow.Run(2, 0, 0.81, 0.82, 0.80),
                new SummaryRow.Run(3, 0, 0.83, 0.84, 0.82)), mae.runs());
        assertTrue(mae.higherIsBetter());
        SummaryRow semi = row(SuiteResult.summarise(outcomes()), "mae-finetune-10pct");
        assertEquals(2, semi.n(), "subset seeds are pooled");
        assertEquals(List.of(1L, 2L), semi.runs().stream().map(SummaryRow.Run::subsetSeed).toList());
    }

    @Test
    void singleRunsHaveNoIntervalAndSmallHeldOutSlicesAreNotShown() {
        List<SummaryRow> rows = SuiteResult.summarise(outcomes());
        SummaryRow mvq = row(rows, "mvqvae-finetune-100pct");
        assertEquals(1, mvq.n());
        assertEquals(0.85, mvq.mean(), 1e-12);
        assertEquals(0, mvq.std());
        assertTrue(Double.isNaN(mvq.ciLow()) && Double.isNaN(mvq.ciHigh()));
        assertTrue(Double.isNaN(mvq.heldOutSelectedMean()), "14 held out < 5 × 3 classes");
        assertTrue(Double.isNaN(row(rows, "mae-linprobe-100pct").heldOutSelectedMean()), "no heldOutSamples figure");
        SummaryRow failed = row(rows, "mvae-finetune-100pct");
        assertEquals(0, failed.n());
        assertTrue(Double.isNaN(failed.mean()));
        SummaryRow pre = row(rows, "mae-pretrain");
        assertEquals("validation.loss", pre.metric());
        assertTrue(!pre.higherIsBetter());
        assertEquals(0.21, pre.mean(), 1e-12);
        assertEquals(0.20, pre.bestOnTestMean(), 1e-12);
        assertTrue(Double.isNaN(pre.heldOutSelectedMean()));
    }

    @Test
    void pretrainedGroupsAreComparedWithScratchOverCommonSeeds() {
        List<Comparison> cs = Comparisons.of(outcomes(), o -> null);
        Comparison c = comparison(cs, "mae-finetune-100pct", "scratch-100pct");
        // seeds 1 and 2 are on both sides (3 and 4 are not): differences 0.20 and 0.19, mean 0.195, sd 0.0070711,
        // half width t(0.975, 1) · 0.0070711 / √2 = 12.7062 · 0.005 = 0.063531
        assertEquals(2, c.n());
        assertEquals("paired t over 2 seeds", c.interval());
        assertEquals(0.195, c.meanDifference(), 1e-12);
        assertEquals(0.131469, c.ciLow(), 1e-5);
        assertEquals(0.258531, c.ciHigh(), 1e-5);
        assertEquals(Verdict.BETTER, c.verdict());
        assertEquals("test.top1", c.metric());
        Comparison probe = comparison(cs, "mae-linprobe-100pct", "scratch-100pct");
        assertEquals(1, probe.n());
        assertEquals(Verdict.NOT_ENOUGH_RUNS, probe.verdict(), "one pair and no predictions");
        assertEquals(-0.09, probe.meanDifference(), 1e-12);
        assertTrue(cs.stream().noneMatch(x -> x.a().equals("mae-finetune-10pct")), "no scratch group at 10%");
        assertTrue(cs.stream().noneMatch(x -> x.a().contains("pretrain")), "validation losses are not compared across latents");
    }

    @Test
    void laterMethodsAreComparedWithTheFirst() {
        List<Comparison> cs = Comparisons.of(outcomes(), o -> null);
        Comparison mvq = comparison(cs, "mvqvae-finetune-100pct", "mae-finetune-100pct");
        assertEquals(1, mvq.n());
        assertEquals(0.06, mvq.meanDifference(), 1e-12);
        assertEquals(Verdict.NOT_ENOUGH_RUNS, mvq.verdict());
        Comparison failed = comparison(cs, "mvae-finetune-100pct", "mae-finetune-100pct");
        assertEquals(0, failed.n());
        assertEquals(Verdict.NOT_ENOUGH_RUNS, failed.verdict());
        assertTrue(cs.stream().noneMatch(x -> x.a().equals("mvqvae-finetune-100pct") && x.b().equals("mae-linprobe-100pct")),
                "only within one kind");
        assertEquals(5, cs.size(), "mae, mvae and the probe vs scratch (3; mvqvae fine-tunes at 1e-2 and has no control at that"
                + " rate); mvqvae and mvae vs mae (2): " + cs);
    }

    @Test
    void aFineTuneIsComparedWithTheControlTrainedAtItsLearningRate() {
        List<ExperimentOutcome> o = new ArrayList<>(outcomes());
        ExperimentOutcome fast = run("scratch-lr0.01-100pct", RunKind.SCRATCH, null, null, 1, 1, 0, 0.84, 0.84, 0.84, 15.0);
        PlannedExperiment p = fast.experiment();
        ExperimentConfig c = p.config();
        o.add(new ExperimentOutcome(new PlannedExperiment(new ExperimentConfig(c.suite(), c.experiment(), c.kind(), c.seed(),
                c.dataset(), c.data(), c.model(), c.training().withLearningRate(0.01), c.labelFraction(), c.subsetSeed(), null,
                c.threads()), List.of(), null, null, 1, 0), fast.status(), null, fast.result()));
        List<Comparison> cs = Comparisons.of(o, x -> null);
        // MVQVAE fine-tunes at 1e-2 by default: its control is the 1e-2 one, not the 1e-3 one the others share
        assertEquals(0.01, comparison(cs, "mvqvae-finetune-100pct", "scratch-lr0.01-100pct").meanDifference(), 1e-12);
        assertTrue(cs.stream().noneMatch(x -> x.a().startsWith("mvqvae") && x.b().equals("scratch-100pct")));
        assertEquals(2, comparison(cs, "mae-finetune-100pct", "scratch-100pct").n());
        assertEquals(-0.09, comparison(cs, "mae-linprobe-100pct", "scratch-100pct").meanDifference(), 1e-12,
                "a probe stands against the suite's first control");
    }

    @Test
    void aSinglePairUsesTheBootstrapOverSavedPredictions() {
        boolean[] a = new boolean[100];
        boolean[] b = new boolean[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i < 85;
            b[i] = i < 79;
        }
        Function<ExperimentOutcome, Predictions> correctness = o -> switch (o.experiment().config().experiment()) {
            case "mvqvae-finetune-100pct" -> predictions(a);
            case "mae-finetune-100pct" -> o.experiment().config().seed() == 1 ? predictions(b) : null;
            default -> null;
        };
        Comparison c = comparison(Comparisons.of(outcomes(), correctness), "mvqvae-finetune-100pct", "mae-finetune-100pct");
        assertEquals("paired bootstrap over 100 test samples", c.interval());
        assertEquals(1, c.n());
        assertEquals(0.06, c.meanDifference(), 1e-12);
        // 6 samples right only in A: the resampled difference is 6/100 ± about 1.96 · √(0.06 · 0.94 / 100) = [0.013, 0.107]
        assertEquals(0.013, c.ciLow(), 0.015);
        assertEquals(0.107, c.ciHigh(), 0.015);
        assertEquals(Verdict.BETTER, c.verdict());
        Function<ExperimentOutcome, Predictions> otherTestSet = o -> predictions(o.experiment().config().experiment().startsWith("mvq")
                ? a : new boolean[50]);
        assertEquals(Verdict.NOT_ENOUGH_RUNS, comparison(Comparisons.of(outcomes(), otherTestSet), "mvqvae-finetune-100pct",
                "mae-finetune-100pct").verdict(), "different test sets cannot be paired");
    }

    @Test
    void groupsThatPredictTheSameLogitsAreIdentical() {
        boolean[] same = new boolean[40];
        for (int i = 0; i < same.length; i++) {
            same[i] = i % 3 != 0;
        }
        // the fine-tune reproduces scratch on every common seed: pre-training had no effect
        Function<ExperimentOutcome, Predictions> asScratch = o -> predictions(same);
        Comparison c = comparison(Comparisons.of(outcomes(), asScratch), "mae-finetune-100pct", "scratch-100pct");
        assertEquals(Verdict.IDENTICAL, c.verdict(), "identical whatever the (here made-up) accuracies say");
        assertEquals(Verdict.IDENTICAL, comparison(Comparisons.of(outcomes(), asScratch), "mvqvae-finetune-100pct", "mae-finetune-100pct")
                .verdict(), "a single pair too");
        // one logit apart in one pair is no longer identical
        Function<ExperimentOutcome, Predictions> oneApart = o -> {
            Predictions p = predictions(same);
            if (o.experiment().config().seed() == 2 && o.experiment().config().kind() == RunKind.SCRATCH) {
                p.logits()[7][1] += 1e-6f;
            }
            return p;
        };
        Verdict v = comparison(Comparisons.of(outcomes(), oneApart), "mae-finetune-100pct", "scratch-100pct").verdict();
        assertTrue(v != Verdict.IDENTICAL, "differs in one logit: " + v);
        assertTrue(comparison(Comparisons.of(outcomes(), o -> null), "mae-finetune-100pct", "scratch-100pct").verdict() != Verdict.IDENTICAL,
                "unknown predictions are never called identical");
    }

    /** Two-class predictions of samples 0..n-1, all labelled 0, right where {@code correct} says. */
    static Predictions predictions(boolean[] correct) {
        int n = correct.length;
        int[] samples = new int[n];
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            samples[i] = i;
            logits[i] = correct[i] ? new float[]{1, 0} : new float[]{0, 1};
        }
        return new Predictions(samples, new int[n], logits);
    }

    @Test
    void theLogTableShowsHeadlineIntervalsAndVerdicts() {
        List<ExperimentOutcome> out = outcomes();
        Suite s = new Suite("ci", "d", "Table 1", "d", "tiny", List.of(1L), 3, 3, 32, 5, List.of(60, 90, 110), List.of(Method.MAE),
                List.of(), List.of(1.0), List.of(1L), true, false, true, false);
        SuiteResult r = new SuiteResult(SuiteResult.SCHEMA_VERSION, s, "d", false, "tiny", new DataFingerprint("/d", 1, "ab", Map.of()),
                Map.of(), "sequential", "cmd", 1, out, SuiteResult.summarise(out), Comparisons.of(out, o -> null));
        String t = String.join("\n", SuiteRunner.table(r));
        assertTrue(t.contains("81.00 ± 2.00"), t);
        assertTrue(t.contains("[76.03, 85.97]"), t);
        assertTrue(t.contains("mae-finetune-100pct − scratch-100pct"), t);
        assertTrue(t.contains("[13.15, 25.85]"), t);
        assertTrue(t.contains("better") && t.contains("not enough runs"), t);
        assertTrue(t.contains("optimistic") && t.contains(SuiteResult.COMPARISONS_NOTE), t);
    }

    @Test
    void rowsAndComparisonsSurviveTheStrictJsonRoundTrip() throws Exception {
        List<ExperimentOutcome> out = outcomes();
        for (SummaryRow row : SuiteResult.summarise(out)) {
            String json = Json.mapper().writeValueAsString(row);
            SummaryRow back = Json.mapper().readValue(json, SummaryRow.class);
            assertEquals(json, Json.mapper().writeValueAsString(back));
        }
        for (Comparison c : Comparisons.of(out, o -> null)) {
            String json = Json.mapper().writeValueAsString(c);
            assertEquals(c.toString(), Json.mapper().readValue(json, Comparison.class).toString());
        }
    }
}
