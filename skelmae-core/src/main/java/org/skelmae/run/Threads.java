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

    /** Makes ND4J use exactly {@code threads} threads in this process from now on. */
    public static void apply(int threads) {
        if (Nd4j.getEnvironment().maxThreads() != threads) {
            Nd4j.getEnvironment().setMaxThreads(threads);
        }
    }
}
