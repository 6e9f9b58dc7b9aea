package org.skelmae.run;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProvenanceTest {

    @Test
    void namesTheNativeVariantThatIsLoaded() {
        String v = Provenance.detectNativeVariant();
        assertTrue(v.matches("linux-x86_64(-[a-z0-9]+)*"), "the natives in use should be named after their variant, got " + v);
    }

    @Test
    void theBuildRecordIsOnTheClassPathAndFiltered() throws Exception {
        try (InputStream in = Provenance.class.getResourceAsStream(Provenance.BUILD_RESOURCE)) {
            assertNotNull(in, "the build writes " + Provenance.BUILD_RESOURCE);
            Properties p = new Properties();
            p.load(in);
            assertTrue(p.getProperty("version").matches("\\d+\\.\\d+\\.\\d+.*"), p.getProperty("version"));
            for (String key : p.stringPropertyNames()) {
                assertTrue(!p.getProperty(key).contains("${"), key + " was not filtered: " + p.getProperty(key));
            }
        }
        Provenance.Build b = Provenance.build();
        assertTrue(b.gitCommit().matches("[0-9a-f]{40}|unknown"), b.gitCommit());
        assertEquals(b.version(), Provenance.version());
        assertEquals(b.gitCommit(), Provenance.detectGitCommit());
    }

    /** Where the build ran in a git checkout (the project's own), the record names that checkout's HEAD. */
    @Test
    void theCommitIsTheBuildsHead() throws Exception {
        String head = gitHead(Path.of("").toAbsolutePath());
        assumeTrue(head != null, "not built from a git checkout, or no git binary");
        assertEquals(head, Provenance.build().gitCommit());
        assertNotNull(Provenance.build().gitDirty());
    }

    @Test
    void missingOrUnfilteredValuesAreUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "${project.version}");
        p.setProperty("gitCommit", "unknown");
        p.setProperty("gitDirty", "${git.dirty}");
        assertEquals(new Provenance.Build("unknown", "unknown", null), Provenance.Build.of(p));
        assertEquals(new Provenance.Build("unknown", "unknown", null), Provenance.Build.of(new Properties()));
        p.setProperty("version", "1.2.3");
        p.setProperty("gitCommit", "0123456789abcdef0123456789abcdef01234567");
        p.setProperty("gitDirty", "false");
        assertEquals(new Provenance.Build("1.2.3", "0123456789abcdef0123456789abcdef01234567", false), Provenance.Build.of(p));
        assertNull(Provenance.Build.of(new Properties()).gitDirty());
    }

    /** HEAD of the checkout around {@code dir}, or null. Tests only: production code never looks at the working directory. */
    static String gitHead(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
