package org.skelmae.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.nd4j.linalg.factory.Nd4j;

import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a run came from, Tribuo style: data and index hashes, seeds, software versions, backend and
 * native variant, threads, timing, and the command that re-runs it.
 *
 * @param skelmaeVersion version of skelmae
 * @param gitCommit      commit skelmae was built from (or "unknown"), from its build record, not the working directory
 * @param gitDirty       whether that build had uncommitted changes to tracked files (null: not known)
 * @param javaVersion    Java vendor and version
 * @param os             operating system and architecture
 * @param nd4jVersion    ND4J version
 * @param backend        ND4J backend class
 * @param nativeVariant  CPU natives in use (e.g. linux-x86_64-onednn-avx512) or the CUDA version
 * @param threads        ND4J threads
 * @param runtime        native settings that change speed but not results: BLAS threads per call and the
 *                       environment the native code read at start-up (allocator, OpenMP, OpenBLAS), see {@link NativeRuntime}
 * @param cpus           available processors
 * @param cpu            processor model and the vector extensions that select kernels ({@link CpuModel})
 * @param data           data source, content hash and preprocessing parameters
 * @param hashes         split, subset, pre-trained checkpoint hashes
 * @param seeds          root seed and derived component seeds
 * @param started        start time (ISO-8601)
 * @param finished       end time (ISO-8601), null while running
 * @param command        the command that re-runs this run
 */
@JsonPropertyOrder({"skelmaeVersion", "gitCommit", "gitDirty", "javaVersion", "os", "nd4jVersion", "backend", "nativeVariant",
        "threads", "runtime", "cpus", "cpu", "data", "hashes", "seeds", "started", "finished", "command"})
public record Provenance(String skelmaeVersion, String gitCommit, Boolean gitDirty, String javaVersion, String os,
                         String nd4jVersion, String backend, String nativeVariant, int threads,
                         Map<String, String> runtime, int cpus, String cpu,
                         org.skelmae.data.DataFingerprint data, Map<String, String> hashes, Map<String, Long> seeds,
                         String started, String finished, String command) {

    /** Environment facts of this JVM. */
    public static Provenance capture(org.skelmae.data.DataFingerprint data, Map<String, String> hashes,
                                     Map<String, Long> seeds, String command) {
        return new Provenance(version(), detectGitCommit(), build().gitDirty(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                detectNd4jVersion(), Nd4j.getBackend().getClass().getSimpleName(), detectNativeVariant(),
                Nd4j.getEnvironment().maxThreads(), NativeRuntime.describe(), Runtime.getRuntime().availableProcessors(), CpuModel.describe(), data, hashes, seeds,
                Instant.now().toString(), null, command);
    }

    /**
     * The record of a run that finished at {@code at}. The native settings are read again: an engine may change one
     * during the run (the libtorch engine records each convolution shape it keeps off oneDNN), and the record
     * says what was in force by the end.
     */
    public Provenance finished(Instant at) {
        Map<String, String> now = new java.util.LinkedHashMap<>(runtime);
        now.putAll(NativeRuntime.describe());
        return new Provenance(skelmaeVersion, gitCommit, gitDirty, javaVersion, os, nd4jVersion, backend, nativeVariant, threads, now,
                cpus, cpu, data,
                hashes, seeds, started, at.toString(), command);
    }

    /** skelmae's version, from the build record (or the jar manifest, else "development"). */
    public static String version() {
        String v = build().version();
        if (!"unknown".equals(v)) {
            return v;
        }
        Package p = Provenance.class.getPackage();
        v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "development";
    }

    /** The git commit skelmae was built from, or "unknown" (built outside a git checkout). */
    public static String detectGitCommit() {
        return build().gitCommit();
    }

    /** Where the build record lives on the class path; written by resource filtering in skelmae-core's pom. */
    public static final String BUILD_RESOURCE = "/META-INF/skelmae/build.properties";

    /**
     * What the build of skelmae-core recorded about itself. Read from the class path rather than from a
     * {@code .git} directory near the working directory, which on a cluster executor (or any run started
     * elsewhere) belongs to some other repository or to none.
     *
     * @param version   project version, or "unknown"
     * @param gitCommit full commit id, or "unknown"
     * @param gitDirty  whether tracked files differed from the commit, or null when not known
     */
    public record Build(String version, String gitCommit, Boolean gitDirty) {

        /** Parses a build record; missing or unfiltered ({@code ${...}}) values become "unknown" / null. */
        public static Build of(Properties props) {
            String dirty = known(props.getProperty("gitDirty"));
            return new Build(Objects.requireNonNullElse(known(props.getProperty("version")), "unknown"),
                    Objects.requireNonNullElse(known(props.getProperty("gitCommit")), "unknown"),
                    dirty == null ? null : Boolean.valueOf(dirty));
        }

        private static String known(String v) {
            if (v == null) {
                return null;
            }
            v = v.trim();
            return v.isEmpty() || v.contains("${") || "unknown".equals(v) ? null : v;
        }
    }

    private static volatile Build build;

    /** This skelmae's build record (read once). */
    public static Build build() {
        Build b = build;
        if (b == null) {
            Properties props = new Properties();
            try (InputStream in = Provenance.class.getResourceAsStream(BUILD_RESOURCE)) {
                if (in != null) {
                    props.load(in);
                }
            } catch (java.io.IOException ignored) {
                // an unreadable record is an unknown build
            }
            b = Build.of(props);
            build = b;
        }
        return b;
    }

    static String detectNd4jVersion() {
        Package p = Nd4j.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "1.0.0-M2.1";
    }

    /** The native library variant, from the jar that holds ND4J's natives. */
    public static String detectNativeVariant() {
        // The loaded libnd4jcpu sits under a folder named after its variant; the class path does not help
        // inside Maven, whose launcher hides the plugin's jars from java.class.path.
        String backend = Nd4j.getBackend().getClass().getSimpleName(); // loads the natives
        java.util.regex.Pattern variant = java.util.regex.Pattern.compile("/nativecpu/bindings/(linux-[^/]+)/|(nd4j-cuda-[^/]+?)\\.jar");
        for (String path : org.bytedeco.javacpp.Loader.getLoadedLibraries().values()) {
            java.util.regex.Matcher m = variant.matcher(path == null ? "" : path);
            if (m.find()) {
                return m.group(1) != null ? m.group(1) : m.group(2);
            }
        }
        if (!"CpuBackend".equals(backend)) {
            return backend;
        }
        Object env = Nd4j.getExecutioner().getEnvironmentInformation().get("cpu.features");
        return env == null ? "unknown" : "cpu " + env;
    }

    /** Derived seeds of a run, for the record. */
    public static Map<String, Long> seeds(long root, String... components) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("root", root);
        for (String c : components) {
            m.put(c, Seeds.of(root, c));
        }
        return m;
    }
}
