package org.skelmae.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.latent.LatentType;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes through masking, encoder, latent, decoder and classifier for every tiny and CPU preset. */
class ModelShapesTest {

    static final LoadedDataset DATA = SyntheticMotion.standard().load();

    static Batch batch(ModelConfig cfg, int n) {
        try (BatchLoader l = new BatchLoader(DATA.dataset(), DATA.split().train(), n, true, new SamplePipeline(cfg.sampling()), 1, 0)) {
            return l.next();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mae", "tiny-mvae", "tiny-mvqvae", "cpu-mae", "cpu-mvae", "cpu-mvqvae"})
    void pretrainingAndClassifierShapes(String preset) {
        ModelConfig cfg = Presets.load(preset);
        ParameterStore store = new ParameterStore(7, DataType.FLOAT);
        ModelGraph mae = MaskedAutoencoder.build(cfg, store, 25, true);
        try (Batch b = batch(cfg, 4)) {
            SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), 25);
            MaskedBatch mb = MaskedBatch.of(b.x(), masker, cfg.framesPerTuple(), false, true, 3, 0, b.indices(), DataType.FLOAT);
            assertEquals(4, mb.rows(), "synthetic second persons are empty and dropped");
            Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
            if (cfg.latent().type() == LatentType.VAE) {
                ph.put(VaeLatent.NOISE, Nd4j.randn(DataType.FLOAT, cfg.latent().vaeForm() == org.skelmae.latent.VaeForm.GLOBAL ? 4
                        : 4L * (masker.keptFrames() / cfg.framesPerTuple()) * cfg.framesPerTuple() * masker.keptJoints(), cfg.latent().vaeDim()));
            }
            List<String> extra = cfg.latent().type() == LatentType.VQ ? List.of(MaskedAutoencoder.RECONSTRUCTION, VqLatent.CODES)
                    : List.of(MaskedAutoencoder.RECONSTRUCTION);
            Network.Step s = mae.forward(ph, extra);
            assertArrayEquals(new long[]{4, 3, cfg.frames(), 25}, s.arrays().get(MaskedAutoencoder.RECONSTRUCTION).shape());
            assertTrue(s.scalars().get(MaskedAutoencoder.LOSS) > 0);
            assertTrue(s.scalars().containsKey(MaskedAutoencoder.RECONSTRUCTION_LOSS));
            if (cfg.latent().type() == LatentType.VQ) {
                long tokens = 4L * (masker.keptFrames() / cfg.framesPerTuple()) * cfg.framesPerTuple() * masker.keptJoints();
                assertEquals(tokens, s.arrays().get(VqLatent.CODES).length());
            }
            Network.Step st = mae.step(ph, mae.parameters(), mb.rows(), 0.1);
            assertEquals(mae.parameters().size(), st.gradients().size());
            for (String p : mae.parameters()) {
                assertArrayEquals(store.params().get(p).shape(), st.gradients().get(p).shape(), p);
            }
            st.close();
            s.close();
            mb.close();

            ParameterStore cls = new ParameterStore(8, DataType.FLOAT);
            ModelGraph classifier = SkeletonClassifier.build(cfg, cls, 25, 2, 8, true, false);
            assertEquals(countWithPrefix(store, SttEncoder.PREFIX), cls.copyFrom(store, SttEncoder.PREFIX));
            Map<String, INDArray> cph = Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, Nd4j.eye(8).getRows(0, 1, 2, 3));
            Network.Step out = classifier.forward(cph, List.of(SkeletonClassifier.LOGITS));
            assertArrayEquals(new long[]{4, 8}, out.arrays().get(SkeletonClassifier.LOGITS).shape());
            assertTrue(cls.params().keySet().stream().noneMatch(k -> k.startsWith("dec.") || k.startsWith("latent.")));
        }
    }

    static int countWithPrefix(ParameterStore s, String prefix) {
        return (int) (s.params().keySet().stream().filter(k -> k.startsWith(prefix)).count()
                + s.state().keySet().stream().filter(k -> k.startsWith(prefix)).count());
    }
}
