package org.skelmae.data;

import org.skelmae.data.cache.CacheIndex;
import org.skelmae.data.cache.SequenceCache;
import org.skelmae.data.npz.NpzDatasets;
import org.skelmae.data.pyskl.PysklDatasets;
import org.skelmae.data.ntu.NtuPreprocessor;
import org.skelmae.data.ntu.NtuSampleName;
import org.skelmae.data.ntu.SecondActor;
import org.skelmae.data.split.Split;
import org.skelmae.data.ucla.NwUclaReader;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Progress;
import org.skelmae.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a dataset named by a {@link DatasetSpec} from a folder or file, through the preprocessed cache
 * when one is configured, and applies the protocol's split.
 */
public final class DatasetLoader {

    private static final String NTU60_MISSING = "NTU_RGBD_samples_with_missing_skeletons.txt";
    private static final String NTU120_MISSING = "NTU_RGBD120_samples_with_missing_skeletons.txt";

    private final LoadOptions options;
    private final Progress progress;

    public DatasetLoader(LoadOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Loads the dataset.
     *
     * @param data the folder (NTU, NW-UCLA) or ignored for npz and pyskl (the spec names the file) and synthetic
     */
    public LoadedDataset load(DatasetSpec spec, Path data) {
        return switch (spec.kind()) {
            case NPZ -> NpzDatasets.read(existing(spec), options.layout(), options.normalize(), progress);
            case PYSKL -> PysklDatasets.read(existing(spec), spec.protocol(), options.layout(), options.normalize(), progress);
            case SYNTHETIC -> SyntheticMotion.standard().load();
            case NTU60, NTU120 -> withRule(spec, ntu(spec, data));
            case NWUCLA -> withRule(spec, nwUcla(data));
        };
    }

    private Path existing(DatasetSpec spec) {
        Path f = spec.file();
        if (!Files.isRegularFile(f)) {
            throw new ConfigurationException(spec.kind().name().toLowerCase(java.util.Locale.ROOT) + " file "
                    + f.toAbsolutePath() + " does not exist");
        }
        progress.info("reading " + f);
        return f;
    }

    private static LoadedDataset withRule(DatasetSpec spec, SkeletonDataset d) {
        Split split = spec.rule().apply(d);
        return new LoadedDataset(d, split);
    }

    private SkeletonDataset ntu(DatasetSpec spec, Path data) {
        boolean ntu60 = spec.kind() == DatasetSpec.Kind.NTU60;
        Path folder = findFolder(data, ".skeleton", "skeletons", "nturgb+d_skeletons", "nturgbd_skeletons");
        List<String> names = new ArrayList<>();
        for (String n : FolderScan.list(folder, ".skeleton")) {
            NtuSampleName s;
            try {
                s = NtuSampleName.parse(n);
            } catch (IllegalArgumentException e) {
                if (options.policy() == ScanPolicy.FAIL_FAST) {
                    throw new SkeletonDataException(folder.resolve(n), 0, e.getMessage());
                }
                names.add(n);
                continue;
            }
            if (!ntu60 || s.inNtu60()) {
                names.add(n);
            }
        }
        SecondActor second = options.secondActor() != null ? options.secondActor()
                : ntu60 ? SecondActor.ZEROS : SecondActor.DUPLICATE;
        Path missing = options.missingList() != null ? options.missingList()
                : findMissingList(data, folder, ntu60 ? NTU60_MISSING : NTU120_MISSING);
        Set<String> excluded = new HashSet<>();
        String missingSha = "none";
        if (missing != null) {
            excluded.addAll(readList(missing));
            missingSha = Sha256.ofFile(missing);
            progress.info("missing-skeleton list " + missing + ": " + excluded.size() + " samples excluded");
        } else {
            progress.warn("no official missing-skeleton list found next to " + data + " (expected " + (ntu60 ? NTU60_MISSING : NTU120_MISSING)
                    + " in the data folder, meta/ or statistics/); every file will be parsed; pass the list explicitly to honour it");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("reader", "ntu-skeleton");
        params.put("selection", ntu60 ? "ntu60" : "ntu120");
        params.put("secondActor", second.name());
        params.put("contiguousIntervals", Boolean.toString(options.contiguousIntervals()));
        params.put("missingListSha256", missingSha);
        params.put("policy", options.policy().name());
        NtuPreprocessor pre = new NtuPreprocessor(second, options.contiguousIntervals());
        String name = ntu60 ? "ntu60" : "ntu120";
        List<String> classes = ntuClassNames().subList(0, ntu60 ? 60 : 120);
        FolderScan.Exclusion exclusion = n -> excluded.contains(n.replaceFirst("\\.skeleton$", ""))
                ? "on the official missing-skeleton list " + missing.getFileName() : null;
        return scan(name, folder, names, exclusion, pre::process, JointLayout.KINECT_V2, 2, classes, params);
    }

    private SkeletonDataset nwUcla(Path data) {
        Path folder = findFolder(data, ".json", "all_sqe");
        List<String> names = FolderScan.list(folder, ".json");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("reader", "nwucla-json");
        params.put("minFrames", Integer.toString(options.minFrames()));
        params.put("policy", options.policy().name());
        return scan("nw-ucla", folder, names, n -> null, new NwUclaReader(options.minFrames()), JointLayout.KINECT_V1, 1,
                NwUclaReader.CLASS_NAMES, params);
    }

    private SkeletonDataset scan(String name, Path folder, List<String> names, FolderScan.Exclusion exclusion,
                                 SourceReader reader, JointLayout layout, int persons, List<String> classes,
                                 Map<String, String> params) {
        FolderScan scan = new FolderScan(reader, options.policy(), options.effectiveThreads(), progress);
        if (options.cacheDir() == null) {
            List<SkeletonSequence> seqs = new ArrayList<>();
            FolderScan.Report r = scan.scan(folder, names, exclusion, seqs::add);
            report(r);
            return new InMemoryDataset(name, layout, persons, classes, seqs, fingerprint(folder, r, params), r.skipped());
        }
        String key = Sha256.hex(folder.toAbsolutePath().normalize() + "\n" + params).substring(0, 16);
        SequenceCache cache = new SequenceCache(options.cacheDir().resolve(name + "-" + key));
        List<CacheIndex.Source> listing = SequenceCache.listing(folder, names);
        if (options.verifyCache()) {
            listing = listing.stream().map(s -> new CacheIndex.Source(s.file(), s.size(), s.mtime(),
                    Sha256.ofFile(folder.resolve(s.file())))).collect(Collectors.toList());
        }
        String stale = cache.staleReason(params, listing, options.verifyCache());
        if (stale == null) {
            progress.info("cache " + cache.dir() + ": up to date, " + names.size() + " sources");
            return cache.open();
        }
        progress.info("cache " + cache.dir() + ": rebuilding (" + stale + ")");
        try (SequenceCache.Writer w = cache.writer(persons, layout.joints())) {
            FolderScan.Report r = scan.scan(folder, names, exclusion, w);
            report(r);
            return w.commit(name, layout, persons, classes, params, folder, SequenceCache.withHashes(listing, r),
                    r.skipped(), fingerprint(folder, r, params));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache " + cache.dir() + ": " + e.getMessage(), e);
        }
    }

    private void report(FolderScan.Report r) {
        progress.info(String.format(java.util.Locale.ROOT, "parsed %d sequences in %.2f s (%.0f sequences/s, %.1f MB), %d skipped",
                r.read(), r.seconds(), r.sequencesPerSecond(), r.bytes() / 1e6, r.skipped().size()));
    }

    private static DataFingerprint fingerprint(Path folder, FolderScan.Report r, Map<String, String> params) {
        return new DataFingerprint(folder.toAbsolutePath().normalize().toString(), r.read(), r.sha256(), params);
    }

    /** The folder holding the files: {@code data} itself or one of the usual subfolders. */
    static Path findFolder(Path data, String suffix, String... subfolders) {
        if (data == null) {
            throw new ConfigurationException("no data folder given (set skelmae.data)");
        }
        if (!Files.isDirectory(data)) {
            throw new ConfigurationException("data folder " + data.toAbsolutePath() + " does not exist or is not a folder");
        }
        if (!FolderScan.list(data, suffix).isEmpty()) {
            return data;
        }
        for (String s : subfolders) {
            Path p = data.resolve(s);
            if (Files.isDirectory(p) && !FolderScan.list(p, suffix).isEmpty()) {
                return p;
            }
        }
        throw new ConfigurationException("no *" + suffix + " files in " + data.toAbsolutePath() + " or its subfolders "
                + String.join(", ", subfolders));
    }

    private static Path findMissingList(Path data, Path folder, String fileName) {
        for (Path dir : new Path[]{data, data.resolve("meta"), data.resolve("statistics"), folder,
                folder.getParent() == null ? folder : folder.getParent().resolve("statistics")}) {
            Path p = dir.resolve(fileName);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> readList(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(s -> !s.isEmpty() && !s.startsWith("#")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new ConfigurationException("cannot read missing-skeleton list " + file + ": " + e.getMessage(), e);
        }
    }

    /** The 120 NTU RGB+D action names, by label. */
    public static List<String> ntuClassNames() {
        try (InputStream in = DatasetLoader.class.getResourceAsStream("/org/skelmae/data/ntu/class-names.txt")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
