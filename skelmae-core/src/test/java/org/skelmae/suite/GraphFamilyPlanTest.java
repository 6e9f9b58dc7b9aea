package org.skelmae.suite;

import org.junit.jupiter.api.Test;
import org.skelmae.gin.masking.RegionMasking;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.model.ModelConfig;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.util.Json;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suites that hold the graph family beside the STTFormer one. */
class GraphFamilyPlanTest {

    private static Suite suite(List<Method> methods, List<Variant> variants) {
        return new Suite("mixed", "both families", "test", "synthetic", "tiny", List.of(1L), 2, 2, 16, 5, List.of(60, 90, 110), 0, 0,
                0.001, methods, variants, List.of(1.0, 0.1), List.of(1L), true, true, true, false);
    }

    private static Map<String, ExperimentConfig> plan(Suite s) {
        return SuitePlan.of(s, SuiteOverrides.none(), Path.of("out"), "synthetic").experiments().stream()
                .map(PlannedExperiment::config).collect(Collectors.toMap(ExperimentConfig::experiment, Function.identity()));
    }

    @Test
    void eachFamilyTrainsWithItsOwnRecipeAndHasItsOwnControl() {
        Map<String, ExperimentConfig> p = plan(suite(List.of(Method.MAE, Method.GIN_MAE), List.of()));
        ExperimentConfig pre = p.get("gin-mae-pretrain");
        assertInstanceOf(GinConfig.class, pre.model());
        assertNull(pre.training().sgd(), "Adam");
        assertEquals(List.of(), pre.training().decays(), "constant learning rate");
        assertEquals(GinConfig.PRETRAIN_LEARNING_RATE, pre.baseLearningRate());

        ExperimentConfig ft = p.get("gin-mae-finetune-100pct");
        assertNotNull(ft.training().sgd(), "SGD");
        assertEquals(GinConfig.FINETUNE_LEARNING_RATE, ft.baseLearningRate(), "the suite's Adam rate 1e-3 is the STTFormer family's");
        assertEquals(0.001, p.get("mae-finetune-100pct").baseLearningRate());
        assertTrue(p.containsKey("gin-mae-linprobe-10pct-subset1"));

        ExperimentConfig ginScratch = p.get("gin-scratch-100pct");
        assertInstanceOf(GinConfig.class, ginScratch.model());
        assertEquals(ft.baseLearningRate(), ginScratch.baseLearningRate(), "the control trains at the fine-tune's rate");
        assertEquals(ft.training(), ginScratch.training());
        assertInstanceOf(ModelConfig.class, p.get("scratch-100pct").model(), "the STTFormer control stays");
        assertTrue(p.containsKey("gin-scratch-10pct-subset1"));
    }

    @Test
    void aGraphOnlySuiteHasNoSttformerControl() {
        Map<String, ExperimentConfig> p = plan(suite(List.of(Method.GIN_MAE), List.of()));
        assertTrue(p.keySet().stream().noneMatch(e -> e.startsWith("scratch")), p.keySet().toString());
        assertTrue(p.containsKey("gin-scratch-100pct"));
    }

    @Test
    void graphVariantsChangeMaskingDepthAndStrlLayers() {
        Variant v3 = new Variant("v3", null, null, null, null, null, RegionMasking.parse("regions:V3"), null, null);
        Variant ld1 = new Variant("ld1", null, null, null, null, null, null, 1, null);
        Map<String, ExperimentConfig> p = plan(suite(List.of(Method.GIN_MAE), List.of(v3, ld1)));
        GinConfig a = (GinConfig) p.get("gin-mae-v3-pretrain").model();
        assertEquals(RegionMasking.parse("regions:right_arm"), a.masking());
        assertEquals("tiny-gin-mae-v3", a.name());
        assertEquals(1, ((GinConfig) p.get("gin-mae-ld1-finetune-100pct").model()).encoderLayers());

        Variant sttOnly = new Variant("mt", new org.skelmae.masking.MaskingConfig(0.5, 0.5), null, null, null, null, null, null, null);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> plan(suite(List.of(Method.GIN_MAE), List.of(sttOnly))));
        assertTrue(e.getMessage().contains("changes an STTFormer-family setting"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> plan(suite(List.of(Method.MAE), List.of(ld1))));
    }

    @Test
    void suitesNameTheMethodByConstantOrId() throws Exception {
        assertEquals(Method.GIN_MAE, Method.parse("gin-mae"));
        assertEquals(Method.GIN_MAE, Json.mapper().readValue("\"GIN_MAE\"", Method.class));
        assertEquals(Method.GIN_MAE, Json.mapper().readValue("\"gin-mae\"", Method.class));
        assertEquals("gin-mae", Method.GIN_MAE.id());
        assertEquals("mvqvae", Method.MVQVAE.id());
        assertThrows(Exception.class, () -> Json.mapper().readValue("\"gcn\"", Method.class));
    }
}
