package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.npz.NpzDatasets;
import org.skelmae.data.npz.NpzExport;
import org.skelmae.data.npz.NpzLayout;
import org.skelmae.data.split.Split;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Normalisation of generic datasets on small in-memory arrays and a foreign .npz written by the test. */
class NormalizationTest {

    private static final JointLayout V1 = JointLayout.KINECT_V1;

    /** A standing figure: joint j at (0.1 j, 0.05 j, 0) plus a camera offset and a drift per frame. */
    private static float[] figure(int frames, int persons, float ox, float oy, float oz, boolean emptyFirstFrame) {
        int v = V1.joints();
        float[] xyz = new float[frames * persons * v * 3];
        for (int f = emptyFirstFrame ? 1 : 0; f < frames; f++) {
            for (int m = 0; m < persons; m++) {
                if (m == 1 && f % 2 == 0) {
                    continue; // the second person is absent on even frames
                }
                for (int j = 0; j < v; j++) {
                    int o = ((f * persons + m) * v + j) * 3;
                    xyz[o] = ox + 0.1f * j + 0.01f * f + m;
                    xyz[o + 1] = oy + 0.05f * j;
                    xyz[o + 2] = oz;
                }
            }
        }
        return xyz;
    }

    @Test
    void centreMovesTheFirstValidFramesCentreJointToTheOrigin() {
        float[] xyz = figure(4, 2, 5f, -3f, 4f, true);
        assertEquals(1.0, Normalization.CENTRE.apply(xyz, 4, 2, V1));
        int c = V1.centreJoint();
        int v = V1.joints();
        for (int k = 0; k < 3; k++) {
            assertEquals(0f, xyz[((1 * 2) * v + c) * 3 + k], 1e-6f, "frame 1 (first valid), person 0, centre joint");
        }
        for (int i = 0; i < 2 * v * 3; i++) {
            assertEquals(0f, xyz[i], "the empty first frame stays zero");
        }
        for (int i = 0; i < v * 3; i++) {
            assertEquals(0f, xyz[(2 * 2 + 1) * v * 3 + i], "an absent person stays zero");
        }
        float[] again = xyz.clone();
        Normalization.CENTRE.apply(again, 4, 2, V1);
        assertEquals(java.util.Arrays.toString(xyz), java.util.Arrays.toString(again), "centring is idempotent");
    }

    @Test
    void centreScaleGivesUnitMeanBoneLength() {
        float[] xyz = figure(3, 1, 100f, 50f, 3f, false);
        float[] big = xyz.clone();
        for (int i = 0; i < big.length; i++) {
            big[i] *= 7;
        }
        Normalization.CENTRE_SCALE.apply(xyz, 3, 1, V1);
        Normalization.CENTRE_SCALE.apply(big, 3, 1, V1);
        assertEquals(1.0, Normalization.bodySize(xyz, 3, 1, V1), 1e-5);
        for (int i = 0; i < xyz.length; i++) {
            assertEquals(xyz[i], big[i], 1e-4f, "scale-free: a figure 7x larger normalises to the same coordinates");
        }
        float[] none = figure(3, 1, 100f, 50f, 3f, false);
        float[] kept = none.clone();
        assertEquals(1.0, Normalization.NONE.apply(none, 3, 1, V1));
        assertEquals(java.util.Arrays.toString(kept), java.util.Arrays.toString(none));
    }

    @Test
    void parsesThePropertyAndNamesItInErrors() {
        assertEquals(Normalization.NONE, Normalization.parse("none"));
        assertEquals(Normalization.CENTRE, Normalization.parse(" Center "));
        assertEquals(Normalization.CENTRE_SCALE, Normalization.parse("centre-scale"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Normalization.parse("zscore"));
        assertTrue(e.getMessage().contains("skelmae.normalize") && e.getMessage().contains("centre-scale"), e.getMessage());
    }

    @Test
    void rawStatisticsSpotCameraCoordinates() {
        List<SkeletonSequence> raw = sequences(20, true);
        Normalization.RawStatistics s = Normalization.RawStatistics.of(raw, V1);
        assertTrue(s.looksRaw(), s.describe());
        for (SkeletonSequence q : raw) {
            Normalization.CENTRE.apply(q.xyz(), q.frames(), q.persons(), V1);
        }
        Normalization.RawStatistics after = Normalization.RawStatistics.of(raw, V1);
        assertFalse(after.looksRaw(), after.describe());
        assertEquals(0, after.centreOffset(), 1e-6);
    }

    @Test
    void foreignNpzIsCentredByDefaultAndRecordsIt(@TempDir Path tmp) throws IOException {
        Path f = foreignNpz(tmp);
        List<String> info = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        Progress p = new Progress() {
            @Override
            public void info(String line) {
                info.add(line);
            }

            @Override
            public void warn(String line) {
                warn.add(line);
            }
        };
        LoadedDataset d = NpzDatasets.read(f, null, null, p);
        assertEquals("centre", d.dataset().fingerprint().parameters().get("normalize"));
        assertTrue(info.get(0).contains("normalisation centre (default for .npz"), info.toString());
        assertTrue(warn.isEmpty(), warn.toString());
        SkeletonSequence s = d.dataset().get(0);
        for (int k = 0; k < 3; k++) {
            assertEquals(0f, s.xyz()[s.offset(0, 0, V1.centreJoint(), k)], 1e-5f);
        }

        info.clear();
        LoadedDataset kept = NpzDatasets.read(f, null, Normalization.NONE, p);
        assertEquals("none", kept.dataset().fingerprint().parameters().get("normalize"));
        assertEquals(1, warn.size(), warn.toString());
        assertTrue(warn.get(0).contains("look RAW") && warn.get(0).contains("skelmae.normalize=centre")
                && warn.get(0).contains("npz:raw.npz"), warn.get(0));
        assertTrue(kept.dataset().get(0).xyz()[kept.dataset().get(0).offset(0, 0, V1.centreJoint(), 0)] > 1, "x kept as stored (offset + 3)");

        LoadedDataset scaled = NpzDatasets.read(f, null, Normalization.CENTRE_SCALE, Progress.NONE);
        assertEquals("centre-scale", scaled.dataset().fingerprint().parameters().get("normalize"));
        SkeletonSequence q = scaled.dataset().get(1);
        assertEquals(1.0, Normalization.bodySize(q.xyz(), q.frames(), q.persons(), V1), 1e-4);

        LoadedDataset plain = NpzDatasets.read(f, null);
        assertEquals("none", plain.dataset().fingerprint().parameters().get("normalize"), "the two-argument read keeps coordinates");
    }

    @Test
    void skelmaeExportsKeepTheirPreprocessingByDefault(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("export.npz");
        LoadedDataset syn = SyntheticMotion.standard().load();
        NpzExport.write(f, syn.dataset(), syn.split(), NpzLayout.NTU);
        List<String> info = new ArrayList<>();
        LoadedDataset back = NpzDatasets.read(f, null, null, info::add);
        assertEquals("none", back.dataset().fingerprint().parameters().get("normalize"));
        assertTrue(info.get(0).contains("default for skelmae exports"), info.toString());
        SkeletonSequence a = syn.dataset().get(syn.split().train()[0]);
        assertEquals(java.util.Arrays.toString(a.xyz()), java.util.Arrays.toString(back.dataset().get(0).xyz()));
    }

    /** Sequences at random camera offsets of a few metres, like raw Kinect coordinates. */
    private static List<SkeletonSequence> sequences(int n, boolean raw) {
        SplittableRandom rng = new SplittableRandom(7);
        List<SkeletonSequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float ox = raw ? (float) (rng.nextDouble(-2, 2)) : 0;
            float oy = raw ? (float) (rng.nextDouble(-1, 1)) : 0;
            float oz = raw ? (float) (rng.nextDouble(2.5, 4.5)) : 0;
            float[] xyz = figure(6, 1, ox, oy, oz, false);
            out.add(new SkeletonSequence(String.format("s%03d", i), i % 3, 6, 1, V1.joints(), xyz, 1, Map.of()));
        }
        return out;
    }

    /** An .npz as other tools write it: arrays only, no skelmae meta entry. */
    private static Path foreignNpz(Path tmp) throws IOException {
        List<SkeletonSequence> seqs = sequences(12, true);
        for (SkeletonSequence s : seqs) {
            for (int i = 0; i < s.xyz().length; i++) {
                s.xyz()[i] += 3; // keep the offsets away from zero
            }
        }
        InMemoryDataset d = new InMemoryDataset("raw", V1, 1, List.of("a", "b", "c"), seqs,
                new DataFingerprint("mem", 0, "0", Map.of()), List.of());
        Path withMeta = tmp.resolve("with-meta.npz");
        int[] train = java.util.stream.IntStream.range(0, 8).toArray();
        int[] test = java.util.stream.IntStream.range(8, 12).toArray();
        NpzExport.write(withMeta, d, new Split("test", train, test), NpzLayout.NTU);
        Path f = tmp.resolve("raw.npz");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(withMeta));
             OutputStream o = Files.newOutputStream(f); ZipOutputStream out = new ZipOutputStream(o)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("meta.npy")) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return f;
    }
}
