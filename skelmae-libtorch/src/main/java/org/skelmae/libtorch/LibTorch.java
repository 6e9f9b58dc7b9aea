package org.skelmae.libtorch;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.skelmae.engine.Engine;
import org.skelmae.problem.ConfigurationException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The libtorch runtime of this JVM: loads the natives once and sets libtorch's intra-op threads. Everything in
 * this module that touches a tensor calls {@link #init(int)} first.
 *
 * <p>Why loading is done here, eagerly: a machine with Debian's {@code python3-torch} has another
 * {@code libtorch_cpu.so} on the system path, and the first load after JavaCPP unpacked its own could pick that
 * one and crash (docs/engines.md, "Pitfalls met"); {@link Loader#load(Class)} on the presets class unpacks and loads
 * the JavaCPP copy before any tensor call.
 *
 * <p>The device ({@value #DEVICE_PROPERTY}: {@code cpu}, the default, or {@code cuda[:index]}) is chosen once per
 * JVM, at the first {@link #init(int)}: the models' tensors live there and every input is copied there
 * ({@link #place(Tensor)}); results come back to the host through {@link TorchArrays}. A GPU needs the CUDA build
 * of the natives (the {@code gpu} profile, docs/engines.md).
 */
public final class LibTorch {

    /** The system property that selects the libtorch engine's device ({@link Engine#DEVICE_PROPERTY}). */
    public static final String DEVICE_PROPERTY = Engine.DEVICE_PROPERTY;

    private static int threads;
    private static Device device;
    private static String deviceName;

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
            deviceName = System.getProperty(DEVICE_PROPERTY, "cpu").trim().toLowerCase(Locale.ROOT);
            device = device(deviceName);
            if (device.is_cuda()) {
                // deterministic cuDNN kernels and no autotuning: the same seed gives the same numbers on one GPU
                torch.globalContext().setDeterministicCuDNN(true);
                torch.globalContext().setBenchmarkCuDNN(false);
            }
        }
        if (threads != intraOpThreads) {
            torch.set_num_threads(intraOpThreads);
            threads = intraOpThreads;
        }
    }

    /**
     * The device {@code value} names, as {@value #DEVICE_PROPERTY} takes it.
     *
     * @throws ConfigurationException naming the property, when the value is not a device or no CUDA device is
     *                                visible to these natives
     */
    static Device device(String value) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("cpu") && !name.matches("cuda(:\\d+)?")) {
            throw new ConfigurationException("-D" + DEVICE_PROPERTY + "=" + value + ": expected cpu, cuda or cuda:<index>");
        }
        if (name.startsWith("cuda") && !torch.cuda_is_available()) {
            throw new ConfigurationException("-D" + DEVICE_PROPERTY + "=" + value + ": libtorch sees no CUDA device. The GPU "
                    + "engine needs the CUDA build of the natives (-Pgpu, docs/engines.md) and an NVIDIA driver for CUDA 13.1");
        }
        return new Device(name);
    }

    /** Whether the engine's tensors live on a GPU. */
    static boolean onGpu() {
        return device != null && device.is_cuda();
    }

    /** {@code t} on the engine's device: itself on the CPU, a copy on a GPU. */
    static Tensor place(Tensor t) {
        return onGpu() ? t.to(device, t.scalar_type()) : t;
    }

    /** The engine's device, for tensors made on it directly. */
    static Device device() {
        return device;
    }

    /** What a run's provenance records of this engine: versions, device and thread settings. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", "libtorch");
        m.put("javacpp", Loader.class.getPackage().getImplementationVersion());
        m.put("pytorchPresets", torch.class.getPackage().getImplementationVersion());
        m.put("device", deviceName);
        if (onGpu()) {
            m.put("cudaDevices", (int) torch.cuda_device_count());
            m.put("cudnn", torch.cudnn_is_available());
        }
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
