package org.skelmae.libtorch;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The libtorch runtime of this JVM: loads the natives once and sets libtorch's intra-op threads. Everything in
 * this module that touches a tensor calls {@link #init(int)} first.
 *
 * <p>Why loading is done here, eagerly: a machine with Debian's {@code python3-torch} has another
 * {@code libtorch_cpu.so} on the system path, and the first load after JavaCPP unpacked its own could pick that
 * one and crash (docs/engines.md, "Pitfalls met"); {@link Loader#load(Class)} on the presets class unpacks and loads
 * the JavaCPP copy before any tensor call.
 */
public final class LibTorch {

    private static int threads;

    private LibTorch() {
    }

    /**
     * Loads libtorch and gives it {@code intraOpThreads} threads (the same count the ND4J engine gets from
     * {@code Threads.apply}). Idempotent for the same count; a different count re-sets the pool size.
     */
    public static synchronized void init(int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("libtorch threads must be at least 1, got " + intraOpThreads);
        }
        if (threads == 0) {
            Loader.load(torch.class);
            // NNPACK finds no supported hardware on x86 servers and says so on every convolution
            torch.globalContext().setUserEnabledNNPACK(false);
        }
        if (threads != intraOpThreads) {
            torch.set_num_threads(intraOpThreads);
            threads = intraOpThreads;
        }
    }

    /** What a run's provenance records of this engine: versions and thread settings. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", "libtorch");
        m.put("javacpp", Loader.class.getPackage().getImplementationVersion());
        m.put("pytorchPresets", torch.class.getPackage().getImplementationVersion());
        m.put("intraOpThreads", torch.get_num_threads());
        m.put("interOpThreads", torch.get_num_interop_threads());
        m.put("oneDnn", Convolutions.oneDnn());
        if (!Convolutions.refused().isEmpty()) {
            m.put("oneDnnRefused", String.join("; ", Convolutions.refused()));
        }
        for (String var : new String[]{"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "GLIBC_TUNABLES", "LD_PRELOAD"}) {
            String v = System.getenv(var);
            if (v != null) {
                m.put(var, v);
            }
        }
        return m;
    }
}
