package org.skelmae.benchmarks;

import org.junit.jupiter.api.Test;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.training.Schedule;
import org.skelmae.training.TrainingConfig;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.model.CostModel;
import org.skelmae.run.RunKind;
import org.skelmae.suite.Method;
import org.skelmae.suite.PlannedExperiment;
import org.skelmae.suite.Suite;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.Suites;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The declared suites parse strictly, expand into valid experiments, and command-line values win. */
class SuitesTest {

    @TempDir
    Path out;

    @Test
    void everyDeclaredSuiteParsesAndPlansValidModelsAtPaperAndCpuScale() {
        assertEquals(List.of("full", "semi", "ablation-mask", "ablation-latent-dim", "ablation-codebook", "ablation-decoder-width",
                "ablation-decoder-depth", "cost", "linprobe", "ci", "demo", "smoke", "ablation-gin-encoder-depth", "ablation-gin-region",
                "ablation-gin-strl", "ablation-gin-random-joints"), Suites.names());
        for (String name : Suites.names()) {
            Suite s = Suites.load(name);
            assertEquals(name, s.name());
            for (String preset : List.of("paper", "cpu")) {
                SuitePlan plan = SuitePlan.of(s, new SuiteOverrides(null, null, preset, null, null, null, null, null, null, null, null, null), out, "ntu60-xsub");
                assertTrue(!plan.experiments().isEmpty(), name);
                for (PlannedExperiment p : plan.experiments()) {
                    if (p.config().model() instanceof org.skelmae.model.ModelConfig m) {
                        CostModel.of(m, 25, 2, 60);
                    }
                    for (String dep : p.dependsOn()) {
                        assertTrue(plan.experiments().stream().anyMatch(q -> q.id().equals(dep)
                                && plan.experiments().indexOf(q) < plan.experiments().indexOf(p)), name + ": " + dep + " runs first");
                    }
                }
            }
        }
    }

    @Test
    void semiPretrainsOncePerMethodAndSharesItAcrossFractionsAndSubsets() {
        SuitePlan plan = SuitePlan.of(Suites.load("semi"), SuiteOverrides.none(), out, "ntu60-xsub");
        Map<RunKind, Long> kinds = plan.experiments().stream().collect(Collectors.groupingBy(p -> p.config().kind(), Collectors.counting()));
        assertEquals(4L, kinds.get(RunKind.PRETRAIN), "three STTFormer-family methods and the graph family's");
        assertEquals(4L * 2 * 3, kinds.get(RunKind.FINETUNE), "4 methods x 2 fractions x 3 subset seeds");
        assertEquals(3L * 2 * 3, kinds.get(RunKind.SCRATCH), "controls at 1e-3, at MVQVAE's 1e-2 and the graph family's,"
                + " 2 fractions x 3 subset seeds");
        PlannedExperiment ft = plan.experiments().stream().filter(p -> p.config().experiment().equals("mvae-finetune-5pct-subset2"))
                .findFirst().orElseThrow();
        assertEquals(List.of("mvae-pretrain/seed-1"), ft.dependsOn());
        assertTrue(ft.config().pretrained().endsWith("semi/mvae-pretrain/seed-1/checkpoints/best.npz"), ft.config().pretrained());
        assertEquals(0.05, ft.config().labelFraction());
        assertEquals(2, ft.config().subsetSeed());
        assertEquals("paper-mvae", ft.config().model().name());
    }

    @Test
    void everyFineTuneHasAFromScratchControlTrainedAtItsLearningRate() {
        // the paper's recipes: MVQVAE fine-tunes at 1e-2, the others at 1e-3; probes keep their own 1e-2
        SuitePlan semi = SuitePlan.of(Suites.load("semi"), SuiteOverrides.none(), out, "ntu60-xsub");
        Map<String, Double> scratch = semi.experiments().stream().filter(p -> p.config().kind() == RunKind.SCRATCH)
                .collect(Collectors.toMap(p -> p.config().experiment(), p -> p.config().baseLearningRate(), (a, b) -> a));
        assertEquals(1e-3, scratch.get("scratch-5pct-subset1"));
        assertEquals(1e-2, scratch.get("scratch-lr0.01-5pct-subset1"));
        for (PlannedExperiment ft : semi.experiments()) {
            if (ft.config().kind() == RunKind.FINETUNE) {
                assertTrue(scratch.containsValue(ft.config().baseLearningRate()), ft.id() + " has a control at its rate");
            }
        }

        // ci: one rate for every STTFormer-family fine-tune and the control, so one control; probes and pre-training
        // unchanged. The graph family keeps its own recipe and control.
        Suite ci = Suites.load("ci");
        assertEquals(1e-3, ci.finetuneLearningRate());
        SuitePlan plan = SuitePlan.of(ci, SuiteOverrides.none(), out, ci.dataset());
        Map<RunKind, List<Double>> rates = plan.experiments().stream().filter(p -> !(p.config().model() instanceof GinConfig))
                .collect(Collectors.groupingBy(p -> p.config().kind(),
                Collectors.mapping(p -> p.config().baseLearningRate(), Collectors.collectingAndThen(Collectors.toSet(),
                        set -> set.stream().sorted().toList()))));
        assertEquals(List.of(1e-3), rates.get(RunKind.FINETUNE));
        assertEquals(List.of(1e-3), rates.get(RunKind.SCRATCH));
        assertEquals(List.of(1e-2), rates.get(RunKind.LINPROBE));
        assertEquals(List.of(1e-3, 1e-2), rates.get(RunKind.PRETRAIN), "MAE and MVQVAE pre-train at their own rates");
        assertTrue(plan.experiments().stream().filter(p -> p.config().kind() != RunKind.FINETUNE || p.method() == Method.MAE)
                .allMatch(p -> p.config().training().learningRate() == 0), "a restated default leaves the configuration as it was");
        assertEquals(List.of("scratch-100pct", "scratch-10pct-subset1", "gin-scratch-100pct", "gin-scratch-10pct-subset1"),
                plan.experiments().stream().filter(p -> p.config().kind() == RunKind.SCRATCH).map(p -> p.config().experiment())
                        .distinct().toList());
        Map<RunKind, List<Double>> graphRates = plan.experiments().stream().filter(p -> p.config().model() instanceof GinConfig)
                .collect(Collectors.groupingBy(p -> p.config().kind(), Collectors.mapping(p -> p.config().baseLearningRate(),
                        Collectors.collectingAndThen(Collectors.toSet(), set -> set.stream().sorted().toList()))));
        assertEquals(Map.of(RunKind.PRETRAIN, List.of(GinConfig.PRETRAIN_LEARNING_RATE), RunKind.FINETUNE,
                List.of(GinConfig.FINETUNE_LEARNING_RATE), RunKind.LINPROBE, List.of(TrainingConfig.LINEAR_PROBE_LEARNING_RATE),
                RunKind.SCRATCH, List.of(GinConfig.FINETUNE_LEARNING_RATE)), graphRates, "the graph family at its recipe's rates");
    }

    @Test
    void commandLineOverridesBeatSuiteDefaults() {
        Suite ci = Suites.load("ci");
        SuitePlan defaults = SuitePlan.of(ci, SuiteOverrides.none(), out, ci.dataset());
        PlannedExperiment pre = defaults.experiments().get(0);
        assertEquals(ci.pretrainEpochs(), pre.config().training().epochs());
        assertEquals("cpu-mae", pre.config().model().name());
        assertEquals(List.of(0.75), pre.config().training().decays(), "milestone 150 of the 200-epoch reference");

        SuitePlan both = SuitePlan.of(ci, new SuiteOverrides("ntu120-xset", "/data", "tiny", List.of(4L, 5L), 9, null, null, 16, 0.002,
                List.of(100), null, 3), out, "ntu120-xset");
        assertTrue(both.experiments().stream().allMatch(p -> p.config().training().epochs() == 9), "skelmae.epochs sets every phase");
        assertTrue(both.experiments().stream().allMatch(p -> p.config().threads() == 3), "skelmae.threads is every run's thread count");
        assertTrue(both.experiments().stream().allMatch(p -> p.config().dataset().equals("ntu120-xset") && "/data".equals(p.config().data())));
        assertEquals(List.of(4L, 5L), both.experiments().stream().map(p -> p.config().seed()).distinct().toList());
        assertTrue(both.experiments().stream().allMatch(p -> p.config().training().batchSize() == 16
                && p.config().training().learningRate() == 0.002));
        // milestones are the STTFormer recipe's; the graph family keeps its paper's schedule (GinRecipes)
        assertTrue(both.experiments().stream().allMatch(p -> p.config().training().decays().equals(
                p.config().model() instanceof GinConfig ? p.config().kind() == RunKind.PRETRAIN ? List.of()
                        : List.of(90 / 110.0, 100 / 110.0) : List.of(0.5))), "milestones");
        assertTrue(both.experiments().stream().allMatch(p -> p.config().model().name().startsWith("tiny-")));

        SuitePlan phase = SuitePlan.of(ci, new SuiteOverrides(null, null, null, null, 9, 3, null, null, null, null, null, null), out, ci.dataset());
        assertTrue(phase.experiments().stream().allMatch(p -> p.config().training().epochs()
                == (p.config().kind() == RunKind.PRETRAIN ? 3 : 9)), "skelmae.pretrainEpochs beats skelmae.epochs");
    }

    @Test
    void minimumStepsFitTheDataWithoutSlowingCiAtAllLabelsOrSmoke() {
        Suite ci = Suites.load("ci");
        SuitePlan plan = SuitePlan.of(ci, SuiteOverrides.none(), out, ci.dataset());
        TrainingConfig pre = plan.experiments().get(0).config().training();
        TrainingConfig ft = plan.experiments().stream().filter(p -> p.config().kind() == RunKind.FINETUNE).findFirst().orElseThrow()
                .config().training();
        assertEquals(120, pre.minSteps());
        assertEquals(48, ft.minSteps());
        // NW-UCLA cross-view: 1020 training sequences, batch 32 => 31 steps per epoch; 10% labels => 97 trained => 3
        assertFalse(pre.resolve(31).extended(), "pre-training: 124 steps");
        assertEquals(4, ft.epochs());
        assertFalse(ft.resolve(31).extended(), "fine-tuning at 100% labels: 124 steps");
        Schedule tenth = ft.resolve(3);
        assertEquals(48, tenth.totalSteps(), "10% labels: 12 steps raised to 48, still 4 evaluations");
        assertEquals(4, tenth.epochs());

        SuitePlan o = SuitePlan.of(ci, new SuiteOverrides(null, null, null, null, null, null, null, null, null, null, 0, null), out, ci.dataset());
        assertTrue(o.experiments().stream().allMatch(p -> p.config().training().minSteps() == 0), "skelmae.minSteps=0 turns it off");

        // smoke on the synthetic set: the minimums are what it does today, so it is not slowed down
        Suite smoke = Suites.load("smoke");
        LoadedDataset syn = SyntheticMotion.standard().load();
        int perPass = syn.split().train().length / smoke.batchSize();
        SuitePlan sp = SuitePlan.of(smoke, SuiteOverrides.none(), out, "synthetic");
        for (PlannedExperiment p : sp.experiments()) {
            int labelled = p.config().kind() == RunKind.PRETRAIN ? syn.split().train().length
                    : syn.split().train().length - (int) Math.round(0.05 * syn.split().train().length);
            int its = p.config().kind() == RunKind.PRETRAIN ? perPass : labelled / smoke.batchSize();
            assertFalse(p.config().training().resolve(its).extended(), p.id() + " at " + its + " steps per epoch");
        }
    }

    @Test
    void suitesAreReadStrictly() throws Exception {
        String json = Files.readString(Path.of(getClass().getResource("/skelmae/suites/smoke.json").toURI()));
        Path bad = out.resolve("bad.json");
        Files.writeString(bad, json.replace("\"batchSize\"", "\"batchsize\""));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Suites.load(bad.toString()));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("'batchSize'"), e.getMessage());
        Files.writeString(bad, json.replaceAll("\\s*\"minPretrainSteps\": \\d+,", "").replaceAll("\\s*\"minFinetuneSteps\": \\d+,", ""));
        Suite legacy = Suites.load(bad.toString());
        assertEquals(0, legacy.minPretrainSteps(), "suite files and results.json from before minSteps still read");
        assertEquals(0, legacy.minFinetuneSteps());
        Files.writeString(bad, json.replace("\"cost\": false", "\"cost\": \"no\""));
        e = assertThrows(ConfigurationException.class, () -> Suites.load(bad.toString()));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("'cost'"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> Suites.load("nope"));
        assertTrue(e.getMessage().contains("unknown suite 'nope'") && e.getMessage().contains("smoke"), e.getMessage());
        Files.writeString(bad, json.replace("\"labelFractions\" : [ 1.0 ]", "\"labelFractions\" : [ 0.1 ]").replace("\"labelFractions\": [\n    1.0\n  ]", "\"labelFractions\": [\n    0.1\n  ]"));
        e = assertThrows(ConfigurationException.class, () -> Suites.load(bad.toString()));
        assertTrue(e.getMessage().contains("subsetSeeds"), e.getMessage());
    }

    @Test
    void ablationVariantsChangeOnlyWhatTheyStudy() {
        SuitePlan depth = SuitePlan.of(Suites.load("ablation-decoder-depth"), SuiteOverrides.none(), out, "ntu60-xsub");
        Map<String, Integer> blocks = depth.experiments().stream().filter(p -> p.config().kind() == RunKind.PRETRAIN)
                .collect(Collectors.toMap(p -> p.config().experiment(), p -> p.config().sttformer().decoder().size()));
        assertEquals(Map.of("mvae-depth5-pretrain", 4, "mvae-depth7-pretrain", 6, "mvae-depth9-pretrain", 8, "mvae-depth11-pretrain", 10,
                "mvqvae-depth5-pretrain", 4, "mvqvae-depth7-pretrain", 6, "mvqvae-depth9-pretrain", 8, "mvqvae-depth11-pretrain", 10), blocks);
        SuitePlan width = SuitePlan.of(Suites.load("ablation-decoder-width"), SuiteOverrides.none(), out, "ntu60-xsub");
        PlannedExperiment w512 = width.experiments().stream().filter(p -> p.config().experiment().equals("mvae-width512-pretrain")).findFirst().orElseThrow();
        assertEquals(512, w512.config().sttformer().decoderWidth());
        assertEquals(256, w512.config().sttformer().encoderWidth(), "the encoder is untouched");
        SuitePlan mask = SuitePlan.of(Suites.load("ablation-mask"), SuiteOverrides.none(), out, "ntu60-xsub");
        assertEquals(9 * 2 * 2, mask.experiments().size(), "9 settings x 2 methods x (pretrain + finetune)");
    }

    @Test
    void theGraphFamilysAblationsChangeOnlyWhatTheyStudy() {
        Map<String, org.skelmae.gin.model.GinConfig> pre = new java.util.TreeMap<>();
        for (String name : List.of("ablation-gin-encoder-depth", "ablation-gin-region", "ablation-gin-strl", "ablation-gin-random-joints")) {
            SuitePlan plan = SuitePlan.of(Suites.load(name), SuiteOverrides.none(), out, "pyskl:gym_hrnet.pkl");
            plan.experiments().stream().filter(p -> p.config().kind() == RunKind.PRETRAIN)
                    .forEach(p -> pre.put(p.config().experiment(), (org.skelmae.gin.model.GinConfig) p.config().model()));
            assertTrue(plan.experiments().stream().allMatch(p -> p.config().graphFamily()), name);
        }
        assertEquals(List.of(1, 2, 3, 4), List.of("ld1", "ld2", "ld3", "ld4").stream()
                .map(v -> pre.get("gin-mae-" + v + "-pretrain").encoderLayers()).toList());
        assertEquals("regions:right_arm", pre.get("gin-mae-ld2-pretrain").masking().toString(), "Table 4a masks V3");
        assertEquals("regions:head", pre.get("gin-mae-v0-pretrain").masking().toString());
        assertEquals(4, pre.get("gin-mae-m4-pretrain").strlLayers());
        assertEquals(3, pre.get("gin-mae-m4-pretrain").encoderLayers(), "the paper's L_D stays");
        assertEquals("random-joints:12", pre.get("gin-mae-joints12-pretrain").masking().toString());
        assertEquals("regions:right_arm,right_leg", pre.get("gin-mae-regions-v3-v5-pretrain").masking().toString());
    }
}
