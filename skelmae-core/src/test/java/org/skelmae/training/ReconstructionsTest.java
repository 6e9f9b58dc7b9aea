package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SequenceMask;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reconstructions.json of tiny pre-training runs on the synthetic data (Kinect v2, two persons). */
class ReconstructionsTest {

    private static final LoadedDataset DATA = SyntheticMotion.standard().load();
    private static final int BATCH = 16;

    @TempDir
    Path tmp;

    private static ExperimentConfig config(String preset, long seed) {
        ModelSpec model = ModelSpecs.preset(preset);
        TrainingConfig training = Families.recipe(model, RunKind.PRETRAIN, TrainingConfig.paper().withEpochs(1).withBatchSize(BATCH));
        return new ExperimentConfig("test", "pre-" + preset, RunKind.PRETRAIN, seed, "synthetic", null, model, training, 1, 0, null, 2);
    }

    private Reconstructions run(ExperimentConfig c) throws Exception {
        Path out = tmp.resolve("out");
        new ExperimentRunner(out, false, Progress.NONE, x -> "test").run(c, DATA);
        String keep = System.getProperty("skelmae.keepReconstructions");
        if (keep != null) {
            java.nio.file.Files.createDirectories(Path.of(keep));
            java.nio.file.Files.copy(RunDirectory.of(out, c).resolve(Reconstructions.FILE), Path.of(keep, c.experiment() + "-" + c.seed() + ".json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Reconstructions.read(RunDirectory.of(out, c).resolve(Reconstructions.FILE));
    }

    private static int[] indices(Reconstructions r) {
        return r.sequences().stream().mapToInt(Reconstructions.Sequence::index).toArray();
    }

    @Test
    void sttformerRunsShowTheSameSequencesWithTheirValidationMasksAndErrors() throws Exception {
        ExperimentConfig mae = config("tiny-mae", 3);
        ExperimentConfig vq = config("tiny-mvqvae", 7);
        Reconstructions a = run(mae);
        Reconstructions b = run(vq);
        Reconstructions vae = run(config("tiny-mvae", 5));
        assertEquals(Reconstructions.COUNT, a.sequences().size());
        assertArrayEquals(indices(a), indices(b), "every method and seed shows the same sequences");
        assertArrayEquals(indices(a), indices(vae), "every method and seed shows the same sequences");
        assertEquals("sttformer", a.family());
        assertEquals(DATA.dataset().layout().name(), a.layout());
        int[] test = DATA.split().test();
        for (Reconstructions r : List.of(a, b, vae)) {
            ModelConfig mc = mae.sttformer();
            int t = mc.frames();
            int v = DATA.dataset().layout().joints();
            assertEquals(t, r.clipFrames());
            SpatioTemporalMasker validation = new SpatioTemporalMasker(mc.forValidation().masking(), t, v);
            for (Reconstructions.Sequence s : r.sequences()) {
                assertEquals(s.index(), test[s.testPosition()]);
                assertEquals(DATA.dataset().get(s.index()).label(), s.label());
                assertArrayEquals(java.util.stream.IntStream.range(0, t).toArray(), s.frames(), "a clip of <= 64 frames is written whole");
                List<SequenceMask> masks = validationMasks(mc, validation, s.testPosition(), s.index());
                assertTrue(Double.isFinite(s.error()) && s.error() > 0, "error " + s.error());
                double se = 0;
                long count = 0;
                for (Reconstructions.Person p : s.persons()) {
                    SequenceMask m = masks.get(p.person());
                    assertNotNull(m, "person " + p.person() + " was validated");
                    assertArrayEquals(m.frames(), p.keptFrames(), "kept frames are the validation mask's");
                    assertArrayEquals(m.joints(), p.keptJoints(), "kept joints are the validation mask's");
                    double pse = 0;
                    long pc = 0;
                    for (int i = 0; i < s.frames().length; i++) {
                        for (int j = 0; j < v; j++) {
                            boolean hidden = m.isMasked(s.frames()[i], j);
                            assertEquals(hidden, p.isMasked(i, j), "masked flag of frame " + i + " joint " + j);
                            for (int c = 0; c < 3; c++) {
                                float truth = p.truth()[i][j][c];
                                float y = p.reconstruction()[i][j][c];
                                if (hidden) {
                                    double d = (double) y - truth;
                                    pse += d * d;
                                    pc++;
                                } else {
                                    assertEquals(truth, y, "visible positions are given as they are");
                                }
                            }
                        }
                    }
                    assertEquals(pse / pc, p.error(), 1e-12 * Math.max(1, p.error()));
                    se += pse;
                    count += pc;
                }
                assertEquals(se / count, s.error(), 1e-12 * Math.max(1, s.error()), "the error recomputed from the file");
            }
        }
        // the truth is the test view the validation sees
        Reconstructions.Sequence s = a.sequences().get(0);
        float[] view = new SamplePipeline(mae.sttformer().sampling()).testView(DATA.dataset().get(s.index()));
        int v = DATA.dataset().layout().joints();
        int m = DATA.dataset().persons();
        Reconstructions.Person p = s.persons().get(0);
        assertEquals(view[((3 * m + p.person()) * v + 4) * 3 + 1], p.truth()[3][4][1]);
    }

    /** The masks validate() draws for the person-sequences of one test sample, by person slot (null: left out). */
    private static List<SequenceMask> validationMasks(ModelConfig mc, SpatioTemporalMasker masker, int position, int index) {
        int[] test = DATA.split().test();
        int batch = position / BATCH;
        int[] ids = Arrays.copyOfRange(test, batch * BATCH, Math.min(test.length, (batch + 1) * BATCH));
        try (BatchLoader loader = new BatchLoader(DATA.dataset(), ids, ids.length, false, new SamplePipeline(mc.sampling()), 0, 0);
             Batch b = loader.next()) {
            MaskedBatch mb = MaskedBatch.of(b.x(), masker, mc.framesPerTuple(), false, mc.loss().dropEmptyPersons(),
                    PretrainPhase.VALIDATION_MASK_SEED, batch, b.indices(), DataType.FLOAT);
            mb.close();
            int persons = (int) b.x().size(4);
            float[] x = b.x().castTo(DataType.FLOAT).dup('c').data().asFloat();
            int per = (int) (b.x().length() / ids.length);
            int row = 0;
            SequenceMask[] out = new SequenceMask[persons];
            for (int i = 0; i < ids.length; i++) {
                for (int p = 0; p < persons; p++) {
                    boolean empty = true;
                    for (int k = 0; k < per / persons; k++) {
                        empty &= x[i * per + k * persons + p] == 0f;
                    }
                    if (mc.loss().dropEmptyPersons() && empty) {
                        continue;
                    }
                    if (ids[i] == index) {
                        out[p] = mb.masks().get(row);
                    }
                    row++;
                }
            }
            return Arrays.asList(out);
        }
    }

    @Test
    void graphRunsWriteTheTruthAndTheValidationMasks() throws Exception {
        ExperimentConfig c = config("tiny-gin-mae", 3);
        Reconstructions r = run(c);
        assertEquals("graph", r.family());
        assertArrayEquals(Reconstructions.positions(DATA.split().test().length),
                r.sequences().stream().mapToInt(Reconstructions.Sequence::testPosition).toArray());
        org.skelmae.gin.model.GinConfig gc = (org.skelmae.gin.model.GinConfig) c.model();
        int v = DATA.dataset().layout().joints();
        for (Reconstructions.Sequence s : r.sequences()) {
            assertTrue(Double.isFinite(s.error()) && s.error() >= 0, "error " + s.error());
            boolean[] hidden = org.skelmae.gin.training.GinInputs.masks(gc, org.skelmae.gin.training.GinInputs.regions(gc, DATA.dataset().layout()),
                    v, new int[]{s.index()}, org.skelmae.run.Seeds.of(0, "validation"), 0)[0];
            int[] kept = java.util.stream.IntStream.range(0, v).filter(j -> !hidden[j]).toArray();
            for (Reconstructions.Person p : s.persons()) {
                assertNull(p.reconstruction(), "the graph family reconstructs features, not coordinates");
                assertEquals(s.frames().length, p.truth().length);
                assertArrayEquals(kept, p.keptJoints(), "the validation mask's joints");
                for (int[] frame : p.masked()) {
                    assertEquals(v - kept.length, frame.length);
                }
            }
        }
    }
}
