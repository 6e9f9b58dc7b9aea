package org.skelmae.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.cache.CachedDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folder scans with bad files, and the preprocessed cache, on NW-UCLA-format files written here. */
class ScanAndCacheTest {

    @TempDir
    Path tmp;

    private static String ucla(String name, int label, int frames) {
        StringBuilder sb = new StringBuilder("{\"file_name\": \"" + name + "\", \"skeletons\": [");
        for (int t = 0; t < frames; t++) {
            sb.append(t == 0 ? "" : ", ").append('[');
            for (int v = 0; v < 20; v++) {
                sb.append(v == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.4f, %.4f, %.4f]", 0.01 * v + 0.001 * t, 0.05 * v, 3.0));
            }
            sb.append(']');
        }
        return sb.append("], \"label\": ").append(label).append("}").toString();
    }

    private Path folder(String... files) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ucla-" + files.length + "-" + System.nanoTime()));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return dir;
    }

    @Test
    void badFilesFailFastNamingFileAndExpectation() throws Exception {
        DatasetLoader loader = new DatasetLoader(LoadOptions.defaults().withThreads(2), l -> { });
        Path unknownLabel = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 11, 3));
        SkeletonDataException e = assertThrows(SkeletonDataException.class, () -> loader.load(DatasetSpec.parse("nwucla-xview"), unknownLabel));
        assertTrue(e.getMessage().contains("a01_s01_e00_v01.json") && e.getMessage().contains("unknown label 11"), e.getMessage());

        Path noFrames = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 0));
        e = assertThrows(SkeletonDataException.class, () -> loader.load(DatasetSpec.parse("nwucla-xview"), noFrames));
        assertTrue(e.getMessage().contains("at least 1 frame, found 0"), e.getMessage());

        Path wrongJoints = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 2).replaceFirst(", \\[0\\.0100, 0\\.0500, 3\\.0000\\]", ""));
        e = assertThrows(SkeletonDataException.class, () -> loader.load(DatasetSpec.parse("nwucla-xview"), wrongJoints));
        assertTrue(e.getMessage().contains("expected 20 joints") && e.getMessage().contains("found 19"), e.getMessage());
        assertEquals(1, e.line());

        Path text = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 2).replaceFirst("0\\.0500", "\"x\""));
        e = assertThrows(SkeletonDataException.class, () -> loader.load(DatasetSpec.parse("nwucla-xview"), text));
        assertTrue(e.getMessage().contains("to be a number"), e.getMessage());

        Path oneFrame = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 1));
        assertEquals(1, loader.load(DatasetSpec.parse("nwucla-xview"), oneFrame).dataset().size(), "1-frame sequences are valid by default");
        DatasetLoader strict = new DatasetLoader(LoadOptions.defaults().withMinFrames(2), l -> { });
        e = assertThrows(SkeletonDataException.class, () -> strict.load(DatasetSpec.parse("nwucla-xview"), oneFrame));
        assertTrue(e.getMessage().contains("at least 2 frames, found 1"), e.getMessage());

        Path dangling = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 2));
        Files.createSymbolicLink(dangling.resolve("a02_s01_e00_v01.json"), tmp.resolve("does-not-exist"));
        e = assertThrows(SkeletonDataException.class, () -> loader.load(DatasetSpec.parse("nwucla-xview"), dangling));
        assertTrue(e.getMessage().contains("a02_s01_e00_v01.json") && e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void skipPolicyReportsExactlyWhatWasSkippedAndWhy() throws Exception {
        Path dir = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 4),
                "a02_s01_e00_v03.json", ucla("a02_s01_e00_v03", 2, 5),
                "a03_s01_e00_v01.json", ucla("a03_s01_e00_v01", 99, 5),
                "a04_s01_e00_v02.json", "{\"file_name\": \"a04_s01_e00_v02\", \"skeletons\": [[[1, 2]]");
        List<String> log = new ArrayList<>();
        LoadedDataset ld = new DatasetLoader(LoadOptions.defaults().withPolicy(ScanPolicy.SKIP_AND_REPORT), log::add)
                .load(DatasetSpec.parse("nwucla-xview"), dir);
        assertEquals(2, ld.dataset().size());
        assertEquals(2, ld.dataset().skipped().size());
        assertEquals("a03_s01_e00_v01.json", ld.dataset().skipped().get(0).file());
        assertTrue(ld.dataset().skipped().get(0).reason().contains("unknown label 99"));
        assertEquals("a04_s01_e00_v02.json", ld.dataset().skipped().get(1).file());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING: skipping") && l.contains("a03_s01_e00_v01.json")), log.toString());
        DatasetSummary s = DatasetSummary.of(ld);
        assertEquals(2, s.skipped().size());
        assertTrue(String.join("\n", s.lines()).contains("skipped files: 2"));
    }

    @Test
    void cacheIsReusedAndInvalidatedBySourceOrParameterChanges() throws Exception {
        Path dir = folder("a01_s01_e00_v01.json", ucla("a01_s01_e00_v01", 1, 4),
                "a02_s01_e00_v03.json", ucla("a02_s01_e00_v03", 2, 5),
                "a05_s02_e01_v02.json", ucla("a05_s02_e01_v02", 5, 7));
        Path cache = tmp.resolve("cache");
        List<String> log = new ArrayList<>();
        LoadOptions opts = LoadOptions.defaults().withCacheDir(cache);
        LoadedDataset first = new DatasetLoader(opts, log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertInstanceOf(CachedDataset.class, first.dataset());
        assertTrue(log.stream().anyMatch(l -> l.contains("rebuilding (no cache yet)")), log.toString());
        assertTrue(Files.list(cache).findFirst().map(p -> Files.isRegularFile(p.resolve("frames.npy"))).orElse(false));

        log.clear();
        LoadedDataset second = new DatasetLoader(opts, log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertTrue(log.stream().anyMatch(l -> l.contains("up to date")), log.toString());
        assertEquals(first.dataset().fingerprint(), second.dataset().fingerprint());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.dataset().get(i).xyz(), second.dataset().get(i).xyz());
            assertEquals(first.dataset().info(i), second.dataset().info(i));
        }

        Path changed = dir.resolve("a02_s01_e00_v03.json");
        Files.writeString(changed, ucla("a02_s01_e00_v03", 2, 6));
        Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        log.clear();
        LoadedDataset third = new DatasetLoader(opts, log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertTrue(log.stream().anyMatch(l -> l.contains("source a02_s01_e00_v03.json changed")), log.toString());
        assertEquals(6, third.dataset().info(1).frames());

        log.clear();
        new DatasetLoader(opts.withMinFrames(2), log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertTrue(log.stream().anyMatch(l -> l.contains("rebuilding")), "another parameter, another cache: " + log);

        // same size and time, different content: only the content check sees it
        String content = Files.readString(changed);
        FileTime t = Files.getLastModifiedTime(changed);
        Files.writeString(changed, content.replace("3.0000", "3.0001"));
        Files.setLastModifiedTime(changed, t);
        log.clear();
        new DatasetLoader(opts, log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertTrue(log.stream().anyMatch(l -> l.contains("up to date")), log.toString());
        log.clear();
        new DatasetLoader(opts.withVerifyCache(true), log::add).load(DatasetSpec.parse("nwucla-xview"), dir);
        assertTrue(log.stream().anyMatch(l -> l.contains("content SHA-256")), log.toString());
    }
}
