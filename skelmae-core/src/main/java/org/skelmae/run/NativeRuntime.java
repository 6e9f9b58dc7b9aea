package org.skelmae.run;

import org.skelmae.engine.Engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native settings of this process that decide speed but not results: how many threads each BLAS call
 * uses, and the environment variables the native libraries read once at start-up (the allocator: a
 * preloaded jemalloc and its options, or glibc's malloc tunables; OpenMP's and OpenBLAS's thread counts).
 * They are recorded with every run and benchmark so that two timings can be told apart by their settings
 * (docs/performance.md, "Threads and allocator"). A run on an engine other than ND4J ({@code -Dskelmae.engine})
 * also records the engine and its own settings here; that choice changes results to float rounding
 * (docs/engines.md).
 */
public final class NativeRuntime {

    /** Environment variables read by the allocator, OpenMP, OpenBLAS or ND4J's native start-up. */
    public static final List<String> ENVIRONMENT = List.of("LD_PRELOAD", "MALLOC_CONF", "GLIBC_TUNABLES",
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "ND4J_SKIP_BLAS_THREADS");

    private NativeRuntime() {
    }

    /**
     * BLAS threads per call, then every variable of {@link #ENVIRONMENT} that is set, in that order, then the
     * selected engine's description when it is not ND4J.
     */
    public static Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("blasThreads", Integer.toString(Threads.blasThreads()));
        for (String name : ENVIRONMENT) {
            String value = System.getenv(name);
            if (value != null) {
                d.put(name, value);
            }
        }
        if (System.getProperty(Engine.PROPERTY) != null) {
            Engine engine = Engine.selected();
            if (engine != Engine.ND4J) {
                engine.describe().forEach(d::putIfAbsent);
            }
        }
        return d;
    }
}
