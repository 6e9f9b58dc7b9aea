package org.skelmae.run;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J thread count of a run. It is part of a run's resolved configuration because it changes the
 * numbers: reductions and GEMMs split their work by thread, so the same seed on the same machine gives
 * bit-identical results only with the same thread count. Every executor therefore applies the configured
 * count before a run starts, instead of dividing cores on its own.
 */
public final class Threads {

    /** ND4J's own default in this process, read before anyone changed it. */
    private static final int DEFAULT = Math.max(1, Nd4j.getEnvironment().maxThreads());

    private Threads() {
    }

    /** The count a run gets when none is configured: ND4J's default for this machine (its cores, or OMP_NUM_THREADS). */
    public static int defaultCount() {
        return DEFAULT;
    }

    /** The configured count, or the default when {@code requested} is null or below 1. */
    public static int resolve(Integer requested) {
        return requested == null || requested < 1 ? DEFAULT : requested;
    }

    /**
     * Makes ND4J use exactly {@code threads} threads in this process from now on, with {@link #BLAS_THREADS}
     * thread per BLAS call.
     */
    public static void apply(int threads) {
        if (Nd4j.getEnvironment().maxThreads() != threads) {
            Nd4j.getEnvironment().setMaxThreads(threads);
        }
        applyBlas(BLAS_THREADS);
    }

    /**
     * Threads of each BLAS call in every run. ND4J starts OpenBLAS with as many threads as its own OpenMP
     * pool, and the two pools then take turns on the same cores (DL4J-NOTES measured GEMMs 2-3× slower that
     * way); with one thread per call an inference pass of the cpu presets took 0.60-0.70× the time
     * (docs/performance.md). A single-threaded GEMM sums in another order than a two-threaded one, so this
     * setting is part of a run's numbers, like {@code threads}; it is fixed rather than configurable, and
     * recorded in provenance ({@link NativeRuntime}).
     */
    public static final int BLAS_THREADS = 1;

    /** Sets the threads of each BLAS call (benchmarks compare settings with it; runs use {@link #apply}). */
    public static void applyBlas(int blasThreads) {
        if (Nd4j.factory().blas().getMaxThreads() != blasThreads) {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
    }

    /** Threads BLAS calls use in this process now. */
    public static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }
}
