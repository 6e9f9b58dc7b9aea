package org.skelmae.reports.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.reports.FixturesAccess;
import org.skelmae.reports.check.Baseline;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check history: records appended as JSON Lines and read back, malformed lines named, records from a results folder. */
class CheckHistoryTest {

    static final String COMMIT_A = "0123456789abcdef0123456789abcdef01234567";
    static final String COMMIT_B = "89abcdef0123456789abcdef0123456789abcdef";
    static final String COMMIT_C = "fedcba9876543210fedcba9876543210fedcba98";

    /** The fixture suite result as if run at {@code commit} on the libtorch engine. */
    static SuiteResult at(String commit, Boolean dirty) {
        SuiteResult r = FixturesAccess.suite();
        Map<String, String> env = new LinkedHashMap<>(r.environment());
        env.put("gitCommit", commit);
        if (dirty != null) {
            env.put("gitDirty", dirty.toString());
        }
        env.put("cpu", "Test CPU (avx2)");
        env.put("engine", "libtorch");
        return new SuiteResult(r.schemaVersion(), r.suite(), r.dataset(), r.synthetic(), r.preset(), r.data(), env, r.executor(), r.command(),
                r.wallSeconds(), r.outcomes(), r.summary(), r.comparisons());
    }

    /** The results' own baseline, with mae-finetune-100pct's mean six points above the results (a regression). */
    static Baseline regressed(SuiteResult r) {
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>();
        for (Baseline.Metric m : own.metrics()) {
            ms.add(m.group().equals("mae-finetune-100pct") ? new Baseline.Metric(m.group(), m.metric(), true, m.mean() + 0.06, 0, 1) : m);
        }
        return new Baseline(own.schemaVersion(), own.suite(), own.dataset(), own.preset(), own.note(), own.machine(), own.seeds(), ms);
    }

    @Test
    void appendedRecordsReadBackInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate/history.jsonl");
        SuiteResult a = at(COMMIT_A, false);
        SuiteResult b = at(COMMIT_B, true);
        RegressionCheck.Result passed = RegressionCheck.check(a, RegressionCheck.baselineOf(a, "test"));
        RegressionCheck.Result failed = RegressionCheck.check(b, regressed(b));
        assertFalse(passed.failed());
        assertTrue(failed.failed());
        CheckRecord ra = CheckHistory.record(passed, a, Instant.parse("2026-11-30T10:15:30.123Z"));
        CheckRecord rb = CheckHistory.record(failed, b, Instant.parse("2026-12-01T08:00:00Z"));
        CheckHistory.append(file, ra);
        CheckHistory.append(file, rb);

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "one line per record");
        assertTrue(lines.get(0).startsWith("{") && lines.get(0).endsWith("}"), lines.get(0));
        List<CheckRecord> back = CheckHistory.read(file);
        assertEquals(List.of(ra, rb), back);

        CheckRecord first = back.get(0);
        assertEquals(COMMIT_A, first.commit());
        assertEquals(Boolean.FALSE, first.dirty());
        assertEquals("2026-11-30T10:15:30Z", first.date(), "ISO-8601 UTC, to the second");
        assertEquals("Test CPU (avx2)", first.cpu());
        assertEquals("libtorch", first.engine());
        assertEquals("ci", first.suite());
        assertFalse(first.failed());
        assertEquals(passed.rows().size(), first.metrics().size(), "every gated metric");
        assertEquals("0123456", first.shortCommit());
        assertEquals("89abcde+", back.get(1).shortCommit(), "a dirty tree is marked");

        CheckRecord.Metric m = back.get(1).metric("mae-finetune-100pct", "test.top1");
        RegressionCheck.Row row = failed.rows().stream().filter(x -> x.group().equals("mae-finetune-100pct")).findFirst().orElseThrow();
        assertEquals(row.baseline(), m.baseline(), 1e-12);
        assertEquals(row.tolerance(), m.tolerance(), 1e-12);
        assertEquals(row.actual(), m.actual(), 1e-12);
        assertEquals(RegressionCheck.Status.REGRESSION, m.status());
        assertTrue(back.get(1).failed());
        assertEquals(2, CheckHistory.read(file, "ci").size(), "filtering by suite keeps both");
        assertTrue(CheckHistory.read(file, "other").isEmpty());
    }

    @Test
    void aRecordWithoutCommitOrEngineSaysUnknownAndNd4j(@TempDir Path dir) throws Exception {
        SuiteResult r = FixturesAccess.suite();
        CheckRecord rec = CheckHistory.record(RegressionCheck.check(r, RegressionCheck.baselineOf(r, "t")), r, Instant.EPOCH);
        assertEquals("unknown", rec.commit());
        assertNull(rec.dirty());
        assertEquals("nd4j", rec.engine());
        assertEquals("1970-01-01T00:00:00Z", rec.date());
        Path file = dir.resolve("h.jsonl");
        CheckHistory.append(file, rec);
        assertEquals(List.of(rec), CheckHistory.read(file));
    }

    @Test
    void aMalformedLineIsNamedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.jsonl");
        SuiteResult a = at(COMMIT_A, false);
        CheckRecord rec = CheckHistory.record(RegressionCheck.check(a, RegressionCheck.baselineOf(a, "t")), a, Instant.EPOCH);
        CheckHistory.append(file, rec);
        Files.writeString(file, "\n{\"schemaVersion\": 1, \"commit\": \"abc\", \"dat", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CheckHistory.read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());

        // a record appended after an interrupted line starts its own line; the broken one is still named
        CheckHistory.append(file, rec);
        assertEquals(4, Files.readAllLines(file).size());
        ConfigurationException again = assertThrows(ConfigurationException.class, () -> CheckHistory.read(file));
        assertTrue(again.getMessage().startsWith(file + ": line 3"), again.getMessage());

        Path wrongField = dir.resolve("wrong.jsonl");
        Files.writeString(wrongField, Json.line(rec) + "\n" + Json.line(rec).replace("\"failed\"", "\"fialed\"") + "\n");
        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> CheckHistory.read(wrongField));
        assertTrue(unknown.getMessage().startsWith(wrongField + ": line 2"), unknown.getMessage());

        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> CheckHistory.read(dir.resolve("none.jsonl")));
        assertTrue(missing.getMessage().contains("none.jsonl"), missing.getMessage());
    }

    @Test
    void recordsFromAFolderOfResultsAreOrderedByTimeAndChecked(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("runs");
        // written out of order: the file times decide
        write(folder.resolve("b/ci/results.json"), at(COMMIT_B, false), "2026-11-02T00:00:00Z");
        write(folder.resolve("a/ci/results.json"), at(COMMIT_A, false), "2026-11-01T00:00:00Z");
        write(folder.resolve("c/nested/ci/results.json"), at(COMMIT_C, false), "2026-11-03T00:00:00Z");
        Files.writeString(folder.resolve("notes.json"), "{}");

        List<CheckRecord> checked = CheckHistory.fromResults(folder, "ci",
                r -> r.environment().get("gitCommit").equals(COMMIT_B) ? regressed(r) : RegressionCheck.baselineOf(r, "t"), true);
        assertEquals(List.of(COMMIT_A, COMMIT_B, COMMIT_C), checked.stream().map(CheckRecord::commit).toList());
        assertEquals(List.of(false, true, false), checked.stream().map(CheckRecord::failed).toList());
        assertEquals("2026-11-01T00:00:00Z", checked.get(0).date());
        assertTrue(checked.get(0).metrics().stream().allMatch(m -> m.status() == RegressionCheck.Status.PASS));

        List<CheckRecord> plain = CheckHistory.fromResults(folder, null, r -> null, true);
        assertEquals(3, plain.size());
        SuiteResult r = FixturesAccess.suite();
        List<Baseline.Metric> gated = RegressionCheck.baselineOf(r, "t").metrics();
        for (CheckRecord rec : plain) {
            assertFalse(rec.failed());
            assertEquals(gated.size(), rec.metrics().size(), "every gated value, as the gate computes them");
            for (int i = 0; i < gated.size(); i++) {
                assertEquals(gated.get(i).group(), rec.metrics().get(i).group());
                assertEquals(gated.get(i).mean(), rec.metrics().get(i).actual(), 1e-12);
                assertNull(rec.metrics().get(i).baseline());
                assertNull(rec.metrics().get(i).status());
            }
        }
        assertTrue(CheckHistory.fromResults(folder, "other", r2 -> null, true).isEmpty());
        assertThrows(ConfigurationException.class, () -> CheckHistory.fromResults(dir.resolve("none"), null, r2 -> null, true));
    }

    static void write(Path file, SuiteResult r, String time) throws Exception {
        Json.write(file, r);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(time)));
    }
}
