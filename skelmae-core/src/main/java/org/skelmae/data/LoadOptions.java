package org.skelmae.data;

import org.skelmae.data.ntu.SecondActor;

import java.nio.file.Path;

/**
 * How a dataset is read.
 *
 * @param cacheDir            where preprocessed caches live; null to parse into memory every time
 * @param policy              fail on the first bad file (default) or skip bad files and report them
 * @param secondActor         single-actor convention for NTU; null for the dataset's default (zeros for
 *                            NTU-60, duplicate for NTU-120, as STTFormer)
 * @param contiguousIntervals keep the reference parser's contiguous-interval quirk (default true)
 * @param minFrames           sequences with fewer frames are bad input (default 1)
 * @param missingList         an official missing-skeleton list; null to look for it next to the data
 * @param verifyCache         also compare every source file's SHA-256 before reusing a cache
 * @param threads             parsing threads; 0 for all cores
 * @param layout              joint layout for npz files whose layout cannot be inferred; may be null
 * @param normalize           normalisation of npz datasets; null for the default (centre, none for skelmae exports).
 *                            NTU and NW-UCLA always keep their reference preprocessing
 */
public record LoadOptions(Path cacheDir, ScanPolicy policy, SecondActor secondActor, boolean contiguousIntervals,
                          int minFrames, Path missingList, boolean verifyCache, int threads, JointLayout layout,
                          Normalization normalize) {

    /** Defaults: no cache, fail fast, reference conventions, all cores. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, ScanPolicy.FAIL_FAST, null, true, 1, null, false, 0, null, null);
    }

    public LoadOptions withCacheDir(Path dir) {
        return new LoadOptions(dir, policy, secondActor, contiguousIntervals, minFrames, missingList, verifyCache, threads, layout, normalize);
    }

    public LoadOptions withPolicy(ScanPolicy p) {
        return new LoadOptions(cacheDir, p, secondActor, contiguousIntervals, minFrames, missingList, verifyCache, threads, layout, normalize);
    }

    public LoadOptions withSecondActor(SecondActor s) {
        return new LoadOptions(cacheDir, policy, s, contiguousIntervals, minFrames, missingList, verifyCache, threads, layout, normalize);
    }

    public LoadOptions withMinFrames(int n) {
        return new LoadOptions(cacheDir, policy, secondActor, contiguousIntervals, n, missingList, verifyCache, threads, layout, normalize);
    }

    public LoadOptions withMissingList(Path list) {
        return new LoadOptions(cacheDir, policy, secondActor, contiguousIntervals, minFrames, list, verifyCache, threads, layout, normalize);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(cacheDir, policy, secondActor, contiguousIntervals, minFrames, missingList, verifyCache, n, layout, normalize);
    }

    public LoadOptions withVerifyCache(boolean v) {
        return new LoadOptions(cacheDir, policy, secondActor, contiguousIntervals, minFrames, missingList, v, threads, layout, normalize);
    }

    /** These options with a normalisation for npz datasets (null for the default). */
    public LoadOptions withNormalize(Normalization n) {
        return new LoadOptions(cacheDir, policy, secondActor, contiguousIntervals, minFrames, missingList, verifyCache, threads, layout, n);
    }

    /** Threads to use: the given number, or all cores. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * The options that change which samples are read or how they are preprocessed, as the skelmae.*
     * properties that set them (defaults left out): what a re-run command must carry to read the same data.
     */
    public java.util.Map<String, String> commandProperties() {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        if (policy == ScanPolicy.SKIP_AND_REPORT) {
            p.put("skelmae.skipBadFiles", "true");
        }
        if (secondActor != null) {
            p.put("skelmae.secondActor", secondActor.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (minFrames != 1) {
            p.put("skelmae.minFrames", Integer.toString(minFrames));
        }
        if (missingList != null) {
            p.put("skelmae.missingList", missingList.toAbsolutePath().normalize().toString());
        }
        if (normalize != null) {
            p.put("skelmae.normalize", normalize.id());
        }
        return p;
    }
}
