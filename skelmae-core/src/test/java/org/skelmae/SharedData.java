package org.skelmae;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real recordings in {@code ../shared/data} (NW-UCLA, the NTU subset). Tests that need them
 * call {@link #require}; on a clone without the data they are skipped with a message that says so.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared data folder, or null when absent. */
    public static Path root() {
        String prop = System.getProperty("skelmae.sharedData");
        for (Path p : new Path[]{prop == null ? null : Path.of(prop), Path.of("../shared/data"), Path.of("../../shared/data")}) {
            if (p != null && Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** The sub-folder, or the test is skipped with a clear message when the data is absent. */
    public static Path require(String sub) {
        Path root = root();
        Path p = root == null ? null : root.resolve(sub);
        Assumptions.assumeTrue(p != null && Files.isDirectory(p),
                "SKIPPED: real data ../shared/data/" + sub + " is not present on this machine; this test runs where it is");
        return p;
    }
}
