package org.skelmae.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Base of the goals that read a dataset: where it is, how it is parsed and cached. */
public abstract class AbstractDataMojo extends AbstractSkelmaeMojo {

    /**
     * Data folder or file: the NTU .skeleton folder (or its parent), NW-UCLA's all_sqe folder (or its parent).
     * When unset, ../shared/data/nw-ucla or ../shared/data/ntu-subset next to the project is used if present.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.data")
    String data;

    /**
     * Where preprocessed caches are kept (default ~/.cache/skelmae or $XDG_CACHE_HOME/skelmae).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.cacheDirectory")
    File cacheDirectory;

    /**
     * Skip unreadable or malformed files and report each one, instead of failing on the first.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.skipBadFiles", defaultValue = "false")
    boolean skipBadFiles;

    /**
     * Second person slot of single-actor NTU samples: zeros or duplicate (default: zeros for NTU-60, duplicate for NTU-120).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.secondActor")
    String secondActor;

    /**
     * An official NTU missing-skeleton list; by default it is looked for in the data folder, meta/ and statistics/.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.missingList")
    File missingList;

    /**
     * Sequences with fewer frames are bad input.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.minFrames", defaultValue = "1")
    int minFrames;

    /**
     * Also compare every source file's SHA-256 (not only name, size and time) before reusing a cache.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.verifyCache", defaultValue = "false")
    boolean verifyCache;

    /**
     * ND4J threads every run trains with; 0 takes ND4J's default for this machine (its cores, or OMP_NUM_THREADS).
     * The count is part of each run's configuration: it changes the numbers, so every executor applies it.
     *
     * @since 0.2.0
     */
    @Parameter(property = "skelmae.threads", defaultValue = "0")
    int threads;

    /** The resolved thread count of runs started by this goal. */
    protected int threads() {
        return org.skelmae.run.Threads.resolve(threads);
    }

    /**
     * Normalisation of generic .npz datasets: centre (every sequence centred on the layout's centre joint of its first
     * valid frame; the default for .npz files not written by skelmae), centre-scale (centred and scaled to unit mean
     * bone length) or none (coordinates as stored; the default for skelmae exports). NTU and NW-UCLA always keep their
     * reference preprocessing. Recorded as the data fingerprint's "normalize" parameter.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skelmae.normalize")
    String normalize;

    /** The load options these parameters describe. */
    protected LoadOptions loadOptions() {
        return DataOptions.of(cacheDirectory == null ? DataOptions.cacheDefault().toFile() : cacheDirectory, skipBadFiles,
                secondActor, missingList, minFrames, verifyCache, normalize);
    }

    /**
     * Resolves "auto" (real NW-UCLA when skelmae.data is set or ../shared/data/nw-ucla exists, else the
     * synthetic set) and npz paths against the execution root.
     */
    protected String resolveDataset(String dataset) {
        if ("auto".equals(dataset)) {
            boolean real = data != null && !data.isBlank()
                    || Files.isDirectory(executionRoot().resolve("../shared/data/nw-ucla").normalize());
            String chosen = real ? "nwucla-xview" : "synthetic";
            getLog().info("dataset auto: " + chosen + (real ? "" : " (no real data found: SYNTHETIC generated motion)"));
            return chosen;
        }
        for (String prefix : new String[]{"npz:", "pyskl:"}) {
            if (dataset != null && dataset.startsWith(prefix)) {
                // a pyskl spec may end in #<split>, which is not part of the path
                String rest = dataset.substring(prefix.length());
                int hash = prefix.equals("pyskl:") ? rest.lastIndexOf('#') : -1;
                String file = hash < 0 ? rest : rest.substring(0, hash);
                return prefix + executionRoot().resolve(file).normalize() + (hash < 0 ? "" : rest.substring(hash));
            }
        }
        return dataset;
    }

    /** The data location for a dataset spec, or null when the spec needs none. */
    protected Path dataLocation(String dataset) throws MojoFailureException {
        DatasetSpec spec = DatasetSpec.parse(dataset);
        if (spec.file() != null || spec.kind() == DatasetSpec.Kind.SYNTHETIC) {
            return null;
        }
        return dataFolder(data, DataOptions.sharedFolder(dataset));
    }

    /** Loads a dataset through the cache. */
    protected LoadedDataset load(String dataset, Path location) {
        return new DatasetLoader(loadOptions(), progress()).load(DatasetSpec.parse(dataset), location);
    }
}
