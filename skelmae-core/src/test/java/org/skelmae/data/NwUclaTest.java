package org.skelmae.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skelmae.SharedData;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The complete NW-UCLA release against its manifest. */
class NwUclaTest {

    private static Path root;
    private static LoadedDataset ld;

    @BeforeAll
    static void load() {
        root = SharedData.require("nw-ucla");
        ld = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("nwucla-xview"), root);
    }

    @Test
    void countsSplitAndClassesMatchTheManifest() {
        List<Map<String, String>> manifest = Manifest.read(root.resolve("MANIFEST.tsv"));
        SkeletonDataset d = ld.dataset();
        assertEquals(1484, d.size());
        assertEquals(1020, ld.split().train().length);
        assertEquals(464, ld.split().test().length);
        assertEquals(10, d.numClasses());
        int[] expected = new int[10];
        for (Map<String, String> r : manifest) {
            expected[Integer.parseInt(r.get("label_1to10")) - 1]++;
        }
        int[] actual = new int[10];
        for (int i = 0; i < d.size(); i++) {
            actual[d.info(i).label()]++;
        }
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual));
        for (Map<String, String> r : manifest) {
            String name = r.get("file").replace(".json", "");
            int i = indexOf(d, name);
            assertEquals(Integer.parseInt(r.get("frames")), d.info(i).frames(), name);
        }
    }

    @Test
    void summaryReportsTheTwoOneFrameSequences() {
        DatasetSummary s = DatasetSummary.of(ld);
        assertEquals(2, s.shortSequences().size());
        assertEquals(1, s.frames().min());
        assertEquals(201, s.frames().max());
        assertEquals(Map.of("1", 1484), s.bodies());
    }

    private static int indexOf(SkeletonDataset d, String name) {
        for (int i = 0; i < d.size(); i++) {
            if (d.info(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name + " not loaded");
    }
}
