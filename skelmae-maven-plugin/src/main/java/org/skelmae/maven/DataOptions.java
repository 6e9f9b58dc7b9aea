package org.skelmae.maven;

import org.skelmae.data.LoadOptions;
import org.skelmae.data.ScanPolicy;
import org.skelmae.data.ntu.SecondActor;
import org.skelmae.problem.ConfigurationException;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

/** Turns the data parameters shared by several goals into core's {@link LoadOptions}. */
final class DataOptions {

    private DataOptions() {
    }

    static LoadOptions of(File cacheDirectory, boolean skipBadFiles, String secondActor, File missingList, int minFrames,
                          boolean verifyCache) {
        return of(cacheDirectory, skipBadFiles, secondActor, missingList, minFrames, verifyCache, null);
    }

    /**
     * @param normalize skelmae.normalize: none, centre or centre-scale for npz datasets; blank for the default
     */
    static LoadOptions of(File cacheDirectory, boolean skipBadFiles, String secondActor, File missingList, int minFrames,
                          boolean verifyCache, String normalize) {
        LoadOptions o = LoadOptions.defaults()
                .withCacheDir(cacheDirectory == null ? null : cacheDirectory.toPath())
                .withPolicy(skipBadFiles ? ScanPolicy.SKIP_AND_REPORT : ScanPolicy.FAIL_FAST)
                .withMinFrames(minFrames)
                .withVerifyCache(verifyCache);
        if (secondActor != null && !secondActor.isBlank()) {
            try {
                o = o.withSecondActor(SecondActor.valueOf(secondActor.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("skelmae.secondActor must be 'zeros' or 'duplicate', got '" + secondActor + "'");
            }
        }
        if (missingList != null) {
            o = o.withMissingList(missingList.toPath());
        }
        if (normalize != null && !normalize.isBlank()) {
            o = o.withNormalize(org.skelmae.data.Normalization.parse(normalize));
        }
        return o;
    }

    /** The default sub-folder of ../shared/data for a dataset spec. */
    static String sharedFolder(String dataset) {
        if (dataset.startsWith("nwucla")) {
            return "nw-ucla";
        }
        if (dataset.startsWith("ntu")) {
            return "ntu-subset";
        }
        return null;
    }

    static Path cacheDefault() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("skelmae");
    }
}
