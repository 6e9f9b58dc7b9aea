package org.skelmae.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.nd4j.linalg.factory.Nd4j;

import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a run came from, Tribuo style: data and index hashes, seeds, software versions, backend and
 * native variant, threads, timing, and the command that re-runs it.
 *
 * @param skelmaeVersion version of skelmae
 * @param gitCommit      commit of the checkout that ran it (or "unknown")
 * @param javaVersion    Java vendor and version
 * @param os             operating system and architecture
 * @param nd4jVersion    ND4J version
 * @param backend        ND4J backend class
 * @param nativeVariant  CPU natives in use (e.g. linux-x86_64-onednn-avx512) or the CUDA version
 * @param threads        ND4J threads
 * @param cpus           available processors
 * @param cpu            processor model and the vector extensions that select kernels ({@link CpuModel})
 * @param data           data source, content hash and preprocessing parameters
 * @param hashes         split, subset, pre-trained checkpoint hashes
 * @param seeds          root seed and derived component seeds
 * @param started        start time (ISO-8601)
 * @param finished       end time (ISO-8601), null while running
 * @param command        the command that re-runs this run
 */
@JsonPropertyOrder({"skelmaeVersion", "gitCommit", "javaVersion", "os", "nd4jVersion", "backend", "nativeVariant", "threads",
        "cpus", "cpu", "data", "hashes", "seeds", "started", "finished", "command"})
public record Provenance(String skelmaeVersion, String gitCommit, String javaVersion, String os, String nd4jVersion,
                         String backend, String nativeVariant, int threads, int cpus, String cpu,
                         org.skelmae.data.DataFingerprint data, Map<String, String> hashes, Map<String, Long> seeds,
                         String started, String finished, String command) {

    /** Environment facts of this JVM. */
    public static Provenance capture(org.skelmae.data.DataFingerprint data, Map<String, String> hashes,
                                     Map<String, Long> seeds, String command) {
        return new Provenance(version(), detectGitCommit(), System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                detectNd4jVersion(), Nd4j.getBackend().getClass().getSimpleName(), detectNativeVariant(),
                Nd4j.getEnvironment().maxThreads(), Runtime.getRuntime().availableProcessors(), CpuModel.describe(), data, hashes, seeds,
                Instant.now().toString(), null, command);
    }

    public Provenance finished(Instant at) {
        return new Provenance(skelmaeVersion, gitCommit, javaVersion, os, nd4jVersion, backend, nativeVariant, threads, cpus, cpu, data,
                hashes, seeds, started, at.toString(), command);
    }

    /** skelmae's version from its jar manifest or build properties. */
    public static String version() {
        Package p = Provenance.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Provenance.class.getResourceAsStream("/META-INF/maven/org.skelmae/skelmae-core/pom.properties")) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                return props.getProperty("version", "unknown");
            }
        } catch (java.io.IOException ignored) {
            // fall through
        }
        return "development";
    }

    /** The git commit of the working directory's checkout, read from .git without running git. */
    public static String detectGitCommit() {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null) {
            java.nio.file.Path head = dir.resolve(".git").resolve("HEAD");
            if (java.nio.file.Files.isRegularFile(head)) {
                try {
                    String h = java.nio.file.Files.readString(head).trim();
                    if (h.startsWith("ref: ")) {
                        java.nio.file.Path ref = dir.resolve(".git").resolve(h.substring(5));
                        if (java.nio.file.Files.isRegularFile(ref)) {
                            return java.nio.file.Files.readString(ref).trim();
                        }
                        java.nio.file.Path packed = dir.resolve(".git").resolve("packed-refs");
                        if (java.nio.file.Files.isRegularFile(packed)) {
                            for (String line : java.nio.file.Files.readAllLines(packed)) {
                                if (line.endsWith(" " + h.substring(5))) {
                                    return line.substring(0, line.indexOf(' '));
                                }
                            }
                        }
                        return "unknown";
                    }
                    return h;
                } catch (java.io.IOException e) {
                    return "unknown";
                }
            }
            dir = dir.getParent();
        }
        return "unknown";
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
