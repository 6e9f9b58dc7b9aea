package org.skelmae.data;

import org.skelmae.util.OrderedParallel;
import org.skelmae.util.Progress;
import org.skelmae.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every file with a given suffix in one folder, on all cores, streaming: file names are listed and
 * sorted (the order defines sample indices), contents are parsed in parallel and the sequences are
 * handed to a consumer in name order, never all held at once. Prints a progress line every few seconds.
 *
 * <p>Files excluded by the caller's filter are reported with their reason, and so are bad files when
 * the policy is {@link ScanPolicy#SKIP_AND_REPORT}; with {@link ScanPolicy#FAIL_FAST} (default) the first
 * bad file stops the scan with its error.
 */
public final class FolderScan {

    /** Why a listed file is left out before parsing, or null to keep it. */
    @FunctionalInterface
    public interface Exclusion {
        String reason(String fileName);
    }

    /**
     * The outcome of a scan.
     *
     * @param source   the folder
     * @param read     sequences handed to the consumer
     * @param skipped  files left out, each with its reason
     * @param sources  (file name, SHA-256) of every file that went in, in order
     * @param bytes    bytes read
     * @param seconds  wall time
     */
    public record Report(Path source, int read, List<SkippedFile> skipped, List<Map.Entry<String, String>> sources,
                         long bytes, double seconds) {

        /** SHA-256 over the ordered (name, SHA-256) pairs of the files that went in. */
        public String sha256() {
            MessageDigest d = Sha256.digest();
            for (Map.Entry<String, String> e : sources) {
                d.update((e.getKey() + "\t" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return Sha256.hex(d);
        }

        public double sequencesPerSecond() {
            return seconds > 0 ? read / seconds : Double.NaN;
        }
    }

    private record Outcome(String name, SkeletonSequence sequence, String sha256, long bytes, RuntimeException error) {
    }

    private final SourceReader reader;
    private final ScanPolicy policy;
    private final int threads;
    private final Progress progress;

    public FolderScan(SourceReader reader, ScanPolicy policy, int threads, Progress progress) {
        this.reader = reader;
        this.policy = policy;
        this.threads = Math.max(1, threads);
        this.progress = progress;
    }

    /** Sorted names of the files in {@code folder} ending with {@code suffix}. */
    public static List<String> list(Path folder, String suffix) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, p -> p.getFileName().toString().endsWith(suffix))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /**
     * Scans the listed files.
     *
     * @param folder    where the files are
     * @param names     file names in the order they become samples
     * @param exclusion files to leave out before parsing (with a reason), e.g. the official missing lists
     * @param sink      receives each sequence in order
     */
    public Report scan(Path folder, List<String> names, Exclusion exclusion, Consumer<SkeletonSequence> sink) {
        long t0 = System.nanoTime();
        List<SkippedFile> skipped = new ArrayList<>();
        List<String> todo = new ArrayList<>();
        for (String n : names) {
            String why = exclusion.reason(n);
            if (why != null) {
                skipped.add(new SkippedFile(n, why));
            } else {
                todo.add(n);
            }
        }
        progress.info(String.format(Locale.ROOT, "scan %s: %d files (%d excluded by list), %d threads",
                folder, todo.size(), skipped.size(), threads));
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        long[] bytes = {0};
        int[] done = {0};
        long[] lastLine = {System.nanoTime()};
        OrderedParallel.run(todo.iterator(), threads, name -> work(folder, name), o -> {
            done[0]++;
            if (o.error != null) {
                if (policy == ScanPolicy.FAIL_FAST) {
                    throw o.error;
                }
                skipped.add(new SkippedFile(o.name, o.error.getMessage()));
                progress.warn("skipping " + o.error.getMessage());
            } else {
                sources.add(Map.entry(o.name, o.sha256));
                bytes[0] += o.bytes;
                sink.accept(o.sequence);
            }
            long now = System.nanoTime();
            if (now - lastLine[0] > 5_000_000_000L || done[0] == todo.size()) {
                lastLine[0] = now;
                double s = (now - t0) / 1e9;
                double rate = done[0] / s;
                progress.info(String.format(Locale.ROOT, "scan %d/%d files (%.1f%%), %.0f seq/s, %.1f MB/s, ETA %s",
                        done[0], todo.size(), 100.0 * done[0] / Math.max(1, todo.size()), rate,
                        bytes[0] / 1e6 / s, eta((todo.size() - done[0]) / Math.max(rate, 1e-9))));
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Report(folder, sources.size(), List.copyOf(skipped), List.copyOf(sources), bytes[0], seconds);
    }

    private Outcome work(Path folder, String name) {
        Path file = folder.resolve(name);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Outcome(name, null, null, 0, new SkeletonDataException(file, 0,
                    "cannot read the file: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        try {
            return new Outcome(name, reader.read(file, content), Sha256.hex(content), content.length, null);
        } catch (SkeletonDataException e) {
            return new Outcome(name, null, null, content.length, e);
        } catch (RuntimeException e) {
            return new Outcome(name, null, null, content.length, new SkeletonDataException(file.toString(), 0,
                    "unexpected content: " + e, e));
        }
    }

    /** "1h02m", "3m05s" or "12s". */
    public static String eta(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
