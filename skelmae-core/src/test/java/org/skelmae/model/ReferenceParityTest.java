package org.skelmae.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.npz.NpzArrays;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SequenceMask;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SameDiff graphs against an independent PyTorch implementation (src/test/resources/reference/
 * sttformer_reference.py, run once with Debian's python3-torch; its output reference.npz is committed):
 * same weights, inputs and masks, so losses, reconstructions, logits and gradients must agree.
 * Inputs pass through float32 on the way in, hence the 1e-5 relative tolerance.
 */
class ReferenceParityTest {

    private static final double TOL = 1e-5;
    private static Map<String, INDArray> ref;

    @BeforeAll
    static void load() throws Exception {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Path tmp = Files.createTempFile("reference", ".npz");
        try (InputStream in = ReferenceParityTest.class.getResourceAsStream("/reference/reference.npz")) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        ref = NpzArrays.read(tmp, DataType.DOUBLE);
        Files.delete(tmp);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Loads the reference weights into the store, turning PyTorch conv weights (O, I, kh, kw) into (kh, kw, I, O). */
    private static void loadWeights(ParameterStore store) {
        for (Map.Entry<String, INDArray> e : store.params().entrySet()) {
            INDArray w = ref.get("weight." + e.getKey());
            assertTrue(w != null, "reference has weight " + e.getKey());
            e.getValue().assign(e.getValue().rank() == 4 ? w.permute(2, 3, 1, 0) : w);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue() / Math.sqrt(expected.length()));
        double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(maxDiff <= TOL * scale * 10, what + ": max |diff| " + maxDiff + " (scale " + scale + ")");
    }

    private static void assertScalar(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
    }

    private static MaskedBatch batch(ModelConfig cfg) {
        long[][] frames = ref.get("input.frame_index").toLongMatrix();
        long[][] joints = ref.get("input.joint_index").toLongMatrix();
        List<SequenceMask> masks = new ArrayList<>();
        for (int r = 0; r < frames.length; r++) {
            masks.add(new SequenceMask(toInt(frames[r]), toInt(joints[r])));
        }
        return MaskedBatch.withMasks(ref.get("input.x"), masks, cfg.framesPerTuple(), false, true, DataType.DOUBLE);
    }

    private static int[] toInt(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }

    @Test
    void pretrainingLossesReconstructionsAndGradientsMatch() {
        for (LatentType type : LatentType.values()) {
            String kind = type.name().toLowerCase(java.util.Locale.ROOT);
            ModelConfig cfg = MicroModels.config(type, VaeForm.GLOBAL);
            ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
            ModelGraph graph = MaskedAutoencoder.build(cfg, store, MicroModels.JOINTS, true);
            loadWeights(store);
            MaskedBatch mb = batch(cfg);
            Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
            if (type == LatentType.VAE) {
                ph.put(VaeLatent.NOISE, ref.get("input.vae_noise"));
            }
            List<String> extra = new ArrayList<>(List.of(MaskedAutoencoder.RECONSTRUCTION));
            if (type == LatentType.VQ) {
                extra.add(VqLatent.CODES);
            }
            Network.Step out = graph.forward(ph, extra);
            assertScalar(ref.get(kind + ".loss").getDouble(0), out.scalars().get(MaskedAutoencoder.LOSS), kind + " loss");
            for (String part : graph.lossNames()) {
                assertScalar(ref.get(kind + "." + part).getDouble(0), out.scalars().get(part), kind + " " + part);
            }
            assertClose(ref.get(kind + ".reconstruction"), out.arrays().get(MaskedAutoencoder.RECONSTRUCTION), kind + " reconstruction");
            if (type == LatentType.VQ) {
                assertArrayEquals(ref.get("vq.vq_codes").toLongVector(), out.arrays().get(VqLatent.CODES).toLongVector(), "codes");
            }
            Map<String, INDArray> grads = graph.sameDiff().calculateGradients(ph, graph.parameters());
            int compared = 0;
            for (String p : graph.parameters()) {
                INDArray expected = ref.get(kind + ".grad." + p);
                if (expected != null) {
                    assertClose(expected.rank() == 4 ? expected.permute(2, 3, 1, 0) : expected, grads.get(p), kind + " grad " + p);
                    compared++;
                }
            }
            assertEquals(graph.parameters().size(), compared, kind + ": every parameter's gradient compared");
        }
    }

    @Test
    void classifierLogitsLossAndGradientsMatch() {
        ModelConfig cfg = MicroModels.config(LatentType.NONE, VaeForm.GLOBAL);
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        ModelGraph graph = SkeletonClassifier.build(cfg, store, MicroModels.JOINTS, MicroModels.PERSONS, 4, true, false);
        loadWeights(store);
        long[] labels = ref.get("input.labels").toLongVector();
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, labels.length, 4);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1);
        }
        Map<String, INDArray> ph = Map.of(SkeletonClassifier.X, ref.get("input.x"), SkeletonClassifier.LABELS, oneHot);
        Network.Step out = graph.forward(ph, List.of(SkeletonClassifier.LOGITS));
        assertClose(ref.get("classifier.logits"), out.arrays().get(SkeletonClassifier.LOGITS), "logits");
        assertScalar(ref.get("classifier.loss").getDouble(0), out.scalars().get(SkeletonClassifier.LOSS), "cross-entropy");
        Map<String, INDArray> grads = graph.sameDiff().calculateGradients(ph, "head.fc.w", "enc.block0.proj.w");
        assertClose(ref.get("classifier.grad.head.fc.w"), grads.get("head.fc.w"), "head gradient");
        assertClose(ref.get("classifier.grad.enc.block0.proj.w").permute(2, 3, 1, 0), grads.get("enc.block0.proj.w"), "encoder gradient");
    }
}
