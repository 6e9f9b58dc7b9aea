package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.SharedData;
import org.skelmae.data.split.IndexFiles;
import org.skelmae.data.split.LabelledSubset;
import org.skelmae.data.split.Split;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Class-stratified labelled subsets and index files. */
class SubsetTest {

    @TempDir
    Path tmp;

    private static void assertStratified(SkeletonDataset d, Split split, LabelledSubset s, double p) {
        int[] perClass = new int[d.numClasses()];
        for (int i : split.train()) {
            perClass[d.info(i).label()]++;
        }
        int[] chosen = new int[d.numClasses()];
        java.util.Set<Integer> train = new java.util.HashSet<>();
        for (int i : split.train()) {
            train.add(i);
        }
        for (int i : s.indices()) {
            assertTrue(train.contains(i), "subset index " + i + " is in the training split");
            chosen[d.info(i).label()]++;
        }
        for (int c = 0; c < d.numClasses(); c++) {
            assertEquals((int) Math.rint(p * perClass[c]), chosen[c], "class " + c);
        }
        assertEquals(s.indices().length, Arrays.stream(s.indices()).distinct().count(), "no duplicates");
    }

    @Test
    void nwUclaSubsetsHaveExactPerClassCountsAndAreReproducible() throws Exception {
        Path root = SharedData.require("nw-ucla");
        LoadedDataset ld = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("nwucla-xview"), root);
        for (double p : new double[]{0.05, 0.1}) {
            LabelledSubset a = LabelledSubset.draw(ld.dataset(), ld.split(), p, 1);
            assertStratified(ld.dataset(), ld.split(), a, p);
            Path f1 = tmp.resolve("a-" + p + ".json");
            Path f2 = tmp.resolve("b-" + p + ".json");
            IndexFiles.writeSubset(f1, a, ld.dataset().fingerprint().sha256());
            IndexFiles.writeSubset(f2, LabelledSubset.draw(ld.dataset(), ld.split(), p, 1), ld.dataset().fingerprint().sha256());
            assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2), "same seed, same index file");
            LabelledSubset other = LabelledSubset.draw(ld.dataset(), ld.split(), p, 2);
            assertFalse(Arrays.equals(a.indices(), other.indices()), "another seed, another subset");
            assertEquals(a, IndexFiles.readSubset(f1, ld.dataset().fingerprint().sha256()));
        }
    }

    @Test
    void subsetIndexFilesRecordTheirDatasetAndRefuseAnother() throws Exception {
        LoadedDataset ld = SyntheticMotion.standard().load();
        LabelledSubset s = LabelledSubset.draw(ld.dataset(), ld.split(), 0.1, 7);
        assertStratified(ld.dataset(), ld.split(), s, 0.1);
        Path f = tmp.resolve("subset.json");
        IndexFiles.writeSubset(f, s, ld.dataset().fingerprint().sha256());
        String json = Files.readString(f);
        assertTrue(json.contains("\"seed\" : 7") && json.contains("\"fraction\" : 0.1") && json.contains("\"sha256\""), json);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> IndexFiles.readSubset(f, "0".repeat(64)));
        assertTrue(e.getMessage().contains("another dataset"), e.getMessage());
        Files.writeString(f, json.replaceFirst("\"indices\" : \\[ (\\d+)", "\"indices\" : [ 9999"));
        e = assertThrows(ConfigurationException.class, () -> IndexFiles.readSubset(f, null));
        assertTrue(e.getMessage().contains("was edited"), e.getMessage());
    }

    @Test
    void splitIndexFilesRoundTripWithHash() throws Exception {
        LoadedDataset ld = SyntheticMotion.standard().load();
        Path f = tmp.resolve("split.json");
        IndexFiles.writeSplit(f, ld.split(), ld.dataset().fingerprint().sha256());
        Split back = IndexFiles.readSplit(f, ld.dataset().fingerprint().sha256());
        assertEquals(ld.split(), back);
        assertEquals(ld.split().sha256(), back.sha256());
    }

    @Test
    void pythonRoundingHalvesToEven() {
        LoadedDataset ld = SyntheticMotion.standard().load();
        // 20 training samples per class: 0.025 * 20 = 0.5 rounds to 0, 0.075 * 20 = 1.5 rounds to 2
        assertEquals(0, LabelledSubset.draw(ld.dataset(), ld.split(), 0.025, 1).indices().length);
        assertEquals(2 * 8, LabelledSubset.draw(ld.dataset(), ld.split(), 0.075, 1).indices().length);
    }
}
