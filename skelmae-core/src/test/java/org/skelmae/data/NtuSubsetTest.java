package org.skelmae.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skelmae.SharedData;
import org.skelmae.data.ntu.NtuPreprocessor;
import org.skelmae.data.ntu.NtuRawSkeleton;
import org.skelmae.data.ntu.NtuSkeletonParser;
import org.skelmae.data.ntu.SecondActor;
import org.skelmae.data.split.Split;
import org.skelmae.data.split.SplitRule;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 266 real NTU RGB+D files of ../shared/data/ntu-subset against their manifest. */
class NtuSubsetTest {

    private static Path root;
    private static List<Map<String, String>> manifest;

    @BeforeAll
    static void data() {
        root = SharedData.require("ntu-subset");
        manifest = Manifest.read(root.resolve("MANIFEST.tsv"));
    }

    @Test
    void everyFileParsesWithTheManifestFrameCountAndTwoBodyFilesAreFound() throws Exception {
        assertEquals(266, manifest.size());
        int twoBody = 0;
        NtuPreprocessor pre = new NtuPreprocessor(SecondActor.ZEROS, true);
        for (Map<String, String> row : manifest) {
            Path f = root.resolve("skeletons").resolve(row.get("file"));
            byte[] bytes = Files.readAllBytes(f);
            NtuRawSkeleton raw = new NtuSkeletonParser(true).parse(row.get("file"), new TextCursor(f, bytes));
            assertEquals(Integer.parseInt(row.get("frames")), raw.framesInFile(), row.get("file"));
            assertEquals(Integer.parseInt(row.get("max_bodies")), raw.maxBodiesPerFrame(), row.get("file"));
            SkeletonSequence s = pre.process(f, bytes);
            assertTrue(s.frames() >= 1 && s.frames() <= raw.framesInFile(), row.get("file"));
            assertEquals(Integer.parseInt(row.get("action")) - 1, s.label());
            if (raw.maxBodiesPerFrame() >= 2) {
                twoBody++;
            }
        }
        assertEquals(74, twoBody, "files with two bodies in a frame");
    }

    @Test
    void truncatedFilesFailWithFileAndLine() throws Exception {
        try (var files = Files.list(root.resolve("truncated"))) {
            for (Path f : files.collect(Collectors.toList())) {
                byte[] bytes = Files.readAllBytes(f);
                int lines = 1;
                for (byte b : bytes) {
                    if (b == '\n') {
                        lines++;
                    }
                }
                SkeletonDataException e = assertThrows(SkeletonDataException.class,
                        () -> new NtuPreprocessor(SecondActor.ZEROS, true).process(f, bytes));
                assertTrue(e.getMessage().startsWith(f.toString() + ":"), e.getMessage());
                assertTrue(e.line() >= lines - 1 && e.line() <= lines + 1, "error at the end of the file: " + e.getMessage());
                assertTrue(e.getMessage().contains("expected"), e.getMessage());
            }
        }
    }

    @Test
    void splitCountsAndMembersMatchTheManifest() {
        LoadedDataset ntu120 = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("ntu120-xsub"), root);
        assertEquals(266, ntu120.dataset().size());
        assertEquals(0, ntu120.dataset().skipped().size());
        LoadedDataset ntu60 = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("ntu60-xsub"), root);
        long in60 = manifest.stream().filter(r -> r.get("in_ntu60").equals("1")).count();
        assertEquals(in60, ntu60.dataset().size());
        for (SplitRule rule : List.of(SplitRule.NTU60_XSUB, SplitRule.NTU60_XVIEW, SplitRule.NTU120_XSUB, SplitRule.NTU120_XSET)) {
            SkeletonDataset d = rule.id().startsWith("ntu60") ? ntu60.dataset() : ntu120.dataset();
            Split s = rule.apply(d);
            String col = rule.id().replace('-', '_');
            Set<String> expectTrain = manifest.stream().filter(r -> r.get(col).equals("train"))
                    .map(r -> r.get("file").replace(".skeleton", "")).collect(Collectors.toSet());
            Set<String> expectTest = manifest.stream().filter(r -> r.get(col).equals("test"))
                    .map(r -> r.get("file").replace(".skeleton", "")).collect(Collectors.toSet());
            Set<String> train = new HashSet<>();
            for (int i : s.train()) {
                train.add(d.info(i).name());
            }
            Set<String> test = new HashSet<>();
            for (int i : s.test()) {
                test.add(d.info(i).name());
            }
            assertEquals(expectTrain, train, rule.id() + " train");
            assertEquals(expectTest, test, rule.id() + " test");
        }
    }

    @Test
    void centringPutsActor1Joint2AtTheOriginOfItsFirstFrame() {
        LoadedDataset ld = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("ntu120-xset"), root);
        SkeletonDataset d = ld.dataset();
        for (int i = 0; i < d.size(); i++) {
            SkeletonSequence s = d.get(i);
            int first = 0;
            while (Centring.allZero(s.xyz(), s.offset(first, 0, 0, 0), 75)) {
                first++;
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(0f, s.xyz()[s.offset(first, 0, 1, c)], s.name());
            }
            if (s.attributes().get("secondActor").equals("duplicate")) {
                assertEquals(s.xyz()[s.offset(0, 0, 3, 1)], s.xyz()[s.offset(0, 1, 3, 1)], "NTU-120 duplicates a single actor");
            }
        }
    }

    @Test
    void missingSkeletonListIsHonouredAndReported() throws Exception {
        Path list = Files.createTempFile("missing", ".txt");
        String excluded = manifest.get(0).get("file").replace(".skeleton", "");
        Files.writeString(list, excluded + "\n");
        LoadedDataset ld = new DatasetLoader(LoadOptions.defaults().withMissingList(list), Progress.NONE)
                .load(DatasetSpec.parse("ntu120-xsub"), root);
        assertEquals(265, ld.dataset().size());
        assertEquals(1, ld.dataset().skipped().size());
        assertEquals(excluded + ".skeleton", ld.dataset().skipped().get(0).file());
        assertTrue(ld.dataset().skipped().get(0).reason().contains("missing-skeleton list"));
        Files.delete(list);
    }
}
