package org.skelmae.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analytic against numerical gradients (double precision, SameDiff's GradCheckUtil) on micro models. */
class GradientCheckTest {

    private static final DataType D = DataType.DOUBLE;

    @org.junit.jupiter.api.BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Checks up to 5 entries of every trainable parameter not in {@code skip}. */
    private static boolean check(SameDiff sd, Map<String, INDArray> ph, Set<String> skip) {
        List<String> failures = NumericalGradients.check(sd, "loss", ph, skip, 5, 1e-6, 1e-5, 1e-7);
        failures.forEach(System.out::println);
        return failures.isEmpty();
    }

    @Test
    void staBlockOnFullAndGatheredGrids() {
        ModelConfig cfg = MicroModels.config(LatentType.NONE, VaeForm.GLOBAL);
        for (boolean gathered : new boolean[]{false, true}) {
            for (BlockSpec spec : List.of(new BlockSpec(4, 4, 2), new BlockSpec(4, 6, 3))) {
                ParameterStore store = new ParameterStore(1, D);
                GraphBuilder g = new GraphBuilder(store, true, 0.1, 1e-5);
                int slots = gathered ? 4 : 10;
                SDVariable x = g.input("x", -1, spec.in(), 2, slots);
                TokenPositions pos = gathered
                        ? TokenPositions.gathered(g, 10, slots, g.indices("slots", -1, slots))
                        : TokenPositions.full(g, 10);
                SDVariable out = StaBlock.apply(g, "b", x, spec, 2, pos, cfg);
                SDVariable loss = out.mul(g.sd().constant(Nd4j.rand(D, 3, spec.out(), 2, slots))).sum();
                g.sd().identity("loss", loss);
                g.sd().setLossVariables("loss");
                Map<String, INDArray> ph = new java.util.HashMap<>(Map.of("x", Nd4j.randn(D, 3, spec.in(), 2, slots)));
                if (gathered) {
                    ph.put("slots", Nd4j.createFromArray(new int[][]{{0, 2, 5, 7}, {1, 3, 6, 8}, {0, 4, 5, 9}}));
                }
                assertTrue(check(g.sd(), ph, Set.of()), "block " + spec + (gathered ? " gathered" : " full"));
            }
        }
    }

    @Test
    void maskedAutoencoderWithVaePerTokenAndGlobal() {
        for (VaeForm form : VaeForm.values()) {
            ModelConfig cfg = MicroModels.config(LatentType.VAE, form);
            ParameterStore store = new ParameterStore(2, D);
            ModelGraph graph = MaskedAutoencoder.build(cfg, store, MicroModels.JOINTS, true);
            MaskedBatch mb = MicroModels.masked(cfg, MicroModels.input(3, 4, D), D);
            assertEquals(5, mb.rows(), "the absent second person of sample 0 is dropped");
            assertTrue(check(graph.sameDiff(), MicroModels.placeholders(cfg, mb, D, 9), Set.of()), "VAE " + form);
        }
    }

    @Test
    void maskedAutoencoderWithoutLatent() {
        ModelConfig cfg = MicroModels.config(LatentType.NONE, VaeForm.GLOBAL);
        ModelGraph graph = MaskedAutoencoder.build(cfg, new ParameterStore(3, D), MicroModels.JOINTS, true);
        MaskedBatch mb = MicroModels.masked(cfg, MicroModels.input(2, 5, D), D);
        assertTrue(check(graph.sameDiff(), MicroModels.placeholders(cfg, mb, D, 0), Set.of()));
    }

    /**
     * The straight-through estimator makes the encoder's and the codebook's analytic gradients differ
     * from finite differences by design, so they are skipped here and checked by the next test; every
     * parameter downstream of the quantiser is checked.
     */
    @Test
    void maskedAutoencoderWithVqDownstreamOfTheQuantiser() {
        ModelConfig cfg = MicroModels.config(LatentType.VQ, VaeForm.GLOBAL);
        ParameterStore store = new ParameterStore(4, D);
        ModelGraph graph = MaskedAutoencoder.build(cfg, store, MicroModels.JOINTS, true);
        MaskedBatch mb = MicroModels.masked(cfg, MicroModels.input(2, 6, D), D);
        Set<String> skip = new HashSet<>();
        for (String p : store.params().keySet()) {
            if (p.startsWith(SttEncoder.PREFIX) || p.equals("latent.vq.codebook")) {
                skip.add(p);
            }
        }
        assertTrue(check(graph.sameDiff(), mb.placeholders(), skip));
    }

    @Test
    void straightThroughPassesTheQuantisedGradientToTheEncoderOutput() {
        ModelConfig cfg = MicroModels.config(LatentType.VQ, VaeForm.GLOBAL);
        ParameterStore store = new ParameterStore(5, D);
        ModelGraph graph = MaskedAutoencoder.build(cfg, store, MicroModels.JOINTS, true);
        MaskedBatch mb = MicroModels.masked(cfg, MicroModels.input(2, 7, D), D);
        Map<String, INDArray> grads = graph.sameDiff().calculateGradients(mb.placeholders(), VqLatent.INPUT, VqLatent.QUANTISED);
        Map<String, INDArray> out = graph.sameDiff().output(mb.placeholders(), VqLatent.INPUT, "loss.commitment",
                VqLatent.CODES);
        INDArray z = out.get(VqLatent.INPUT);
        INDArray codebook = store.params().get("latent.vq.codebook");
        long[] codes = out.get(VqLatent.CODES).toLongVector();
        INDArray zq = Nd4j.create(D, z.shape());
        for (int i = 0; i < codes.length; i++) {
            zq.putRow(i, codebook.getRow(codes[i]));
        }
        // dL/dz = dL/dz_st (straight through) + β · 2 (z − z_q) / numel (commitment)
        INDArray expected = grads.get(VqLatent.QUANTISED).add(z.sub(zq).mul(2 * cfg.latent().commitment() / z.length()));
        assertTrue(expected.equalsWithEps(grads.get(VqLatent.INPUT), 1e-10), "straight-through gradient");
    }
}
