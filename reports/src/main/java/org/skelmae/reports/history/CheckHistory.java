package org.skelmae.reports.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.reports.check.Baseline;
import org.skelmae.reports.check.RegressionCheck;
import org.skelmae.suite.SuiteResult;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The accuracy of a suite over commits: a JSON Lines file ({@link CheckRecord} per line) that {@code skelmae:check
 * -Dskelmae.history=<file>} appends to, and that {@code skelmae:report} draws as {@code trend.html}. The trend can
 * also be built from a folder of earlier {@code results.json} files ({@link #fromResults}).
 */
public final class CheckHistory {

    private CheckHistory() {
    }

    /** The record of a check of {@code results}, made at {@code when}. */
    public static CheckRecord record(RegressionCheck.Result check, SuiteResult results, Instant when) {
        List<CheckRecord.Metric> metrics = check.rows().stream()
                .map(r -> new CheckRecord.Metric(r.group(), r.metric(), r.baseline(), r.tolerance(), r.actual(), r.status())).toList();
        return record(results, when, check.failed(), metrics);
    }

    /** A record of the gated values of {@code results} alone: no baseline, tolerance or status, not failed. */
    public static CheckRecord unchecked(SuiteResult results, Instant when) {
        List<CheckRecord.Metric> metrics = RegressionCheck.gated(results).stream()
                .map(m -> new CheckRecord.Metric(m.group(), m.metric(), null, null, m.mean(), null)).toList();
        return record(results, when, false, metrics);
    }

    private static CheckRecord record(SuiteResult results, Instant when, boolean failed, List<CheckRecord.Metric> metrics) {
        Map<String, String> env = results.environment() == null ? Map.of() : results.environment();
        String dirty = env.get("gitDirty");
        return new CheckRecord(CheckRecord.SCHEMA_VERSION, env.getOrDefault("gitCommit", "unknown"), dirty == null ? null : Boolean.valueOf(dirty),
                when.truncatedTo(ChronoUnit.SECONDS).toString(), env.get("cpu"), env.getOrDefault("engine", Baseline.DEFAULT_ENGINE),
                results.suite().name(), results.dataset(), results.preset(), failed, metrics);
    }

    /**
     * Appends one record as one line, in a single write to a file opened for appending (and under a file lock), so
     * concurrent checks do not interleave their lines. Creates the file and its folder when absent. When the file's
     * last line lacks its newline (an interrupted writer), the record starts a new line: the broken line stays and
     * {@link #read} names it.
     */
    public static void append(Path file, CheckRecord record) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String line = Json.line(record) + "\n";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock lock = ch.lock()) {
            if (!endsWithNewline(file)) {
                line = "\n" + line;
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
    }

    /** Whether the file is empty or its last byte is a newline. */
    private static boolean endsWithNewline(Path file) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.position(size - 1);
            in.read(last);
            return last.get(0) == '\n';
        }
    }

    /**
     * Every record of a history file in file order; blank lines are skipped.
     *
     * @throws ConfigurationException naming the file and line of a malformed record, or a missing file
     */
    public static List<CheckRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": history file not found", e);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read the history: " + e.getMessage(), e);
        }
        List<CheckRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(Json.mapper().readValue(line, CheckRecord.class));
            } catch (JsonProcessingException e) {
                String where = e.getLocation() != null && e.getLocation().getColumnNr() > 0 ? ":" + e.getLocation().getColumnNr() : "";
                throw new ConfigurationException(file + ": line " + (i + 1) + where + ": malformed history record (one JSON object per line"
                        + " expected, as skelmae:check -Dskelmae.history writes): " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /** The records of a suite in a history file (all records when {@code suite} is null). */
    public static List<CheckRecord> read(Path file, String suite) {
        return read(file).stream().filter(r -> suite == null || suite.equals(r.suite())).toList();
    }

    /**
     * Records of the {@code results.json} files under a folder (searched recursively), oldest first by the time each
     * file was last written (then by path). Each result is checked against {@code baselines.apply(result)} when that
     * gives a baseline of its suite, dataset and preset, else recorded with its gated values only.
     *
     * @param suite     only results of this suite (all when null)
     * @param baselines the baseline of a result, or null for none
     */
    public static List<CheckRecord> fromResults(Path folder, String suite, Function<SuiteResult, Baseline> baselines,
                                                boolean failOnImprovement) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException(folder + ": not a folder of results.json files");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> p.getFileName().toString().equals("results.json") && Files.isRegularFile(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + folder + ": " + e.getMessage(), e);
        }
        record Dated(Path file, Instant time) {
        }
        List<Dated> dated = new ArrayList<>();
        for (Path p : files) {
            try {
                dated.add(new Dated(p, Files.getLastModifiedTime(p).toInstant()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the time of " + p + ": " + e.getMessage(), e);
            }
        }
        dated.sort(Comparator.comparing(Dated::time).thenComparing(Dated::file));
        List<CheckRecord> out = new ArrayList<>();
        for (Dated d : dated) {
            SuiteResult r = Json.read(d.file(), SuiteResult.class);
            if (suite != null && !suite.equals(r.suite().name())) {
                continue;
            }
            Baseline b = baselines == null ? null : baselines.apply(r);
            boolean matches = b != null && b.suite().equals(r.suite().name()) && b.dataset().equals(r.dataset())
                    && b.preset().equals(r.preset());
            out.add(matches ? record(RegressionCheck.check(r, b, failOnImprovement), r, d.time()) : unchecked(r, d.time()));
        }
        return out;
    }

    /** The baseline shipped on the class path for a result's suite and engine, or null when there is none. */
    public static Baseline shippedBaseline(SuiteResult r) {
        return Baseline.shipped(r.suite().name(), r.environment() == null ? null : r.environment().get("engine"));
    }
}
