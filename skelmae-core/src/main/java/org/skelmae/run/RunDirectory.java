package org.skelmae.run;

import org.skelmae.problem.ConfigurationException;
import org.skelmae.training.EpochMetrics;
import org.skelmae.util.AtomicFiles;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code <output>/<suite>/<experiment>/seed-<n>/}: config.json, provenance.json, metrics.jsonl,
 * result.json, checkpoints/ and, for classifiers, predictions-best.csv and predictions-last.csv. A directory holding another configuration is never reused or
 * overwritten unless asked; a finished one is skipped; an interrupted one resumes. An exclusive lock
 * keeps two processes from running the same experiment at once.
 */
public final class RunDirectory implements AutoCloseable {

    /** What the directory held when opened. */
    public enum State {
        /** Nothing yet: start from scratch. */
        FRESH,
        /** A checkpoint of this configuration: continue from it. */
        RESUME,
        /** result.json of this configuration: nothing to do. */
        FINISHED
    }

    private final Path dir;
    private final State state;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, State state, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.state = state;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** The directory of a run. */
    public static Path of(Path output, ExperimentConfig c) {
        return output.resolve(c.suite()).resolve(c.experiment()).resolve("seed-" + c.seed());
    }

    /**
     * Opens (and locks) the run directory.
     *
     * @param overwrite delete whatever is there and start fresh
     */
    public static RunDirectory open(Path output, ExperimentConfig c, boolean overwrite) throws IOException {
        Path dir = of(output, c);
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException(dir + " is in use by another run of the same experiment (lock held)");
        }
        try {
            if (overwrite) {
                clear(dir);
            }
            Path config = dir.resolve("config.json");
            State state = State.FRESH;
            if (Files.exists(config)) {
                ExperimentConfig existing = Json.read(config, ExperimentConfig.class);
                if (!existing.sha256().equals(c.sha256())) {
                    throw new ConfigurationException(dir + " holds a run of another configuration (config.json differs): "
                            + "choose another output directory, or pass -Dskelmae.overwrite=true to replace it");
                }
                if (Files.exists(dir.resolve("result.json"))) {
                    state = State.FINISHED;
                } else if (Files.exists(dir.resolve("checkpoints").resolve("last.npz"))) {
                    state = State.RESUME;
                }
            } else {
                clear(dir);
            }
            Json.write(config, c);
            return new RunDirectory(dir, state, ch, lock);
        } catch (RuntimeException | IOException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals(".lock")).toList()) {
                try (Stream<Path> w = Files.walk(p)) {
                    for (Path q : w.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public State state() {
        return state;
    }

    public Path checkpoint(String which) {
        return dir.resolve("checkpoints").resolve(which + ".npz");
    }

    /** Per-sample test predictions of the best or last checkpoint ({@code predictions-<which>.csv}). */
    public Path predictions(String which) {
        return predictions(dir, which);
    }

    /** Per-sample test predictions of a classifier run directory. */
    public static Path predictions(Path runDir, String which) {
        return runDir.resolve("predictions-" + which + ".csv");
    }

    public Path result() {
        return dir.resolve("result.json");
    }

    public Path provenance() {
        return dir.resolve("provenance.json");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Rewrites metrics.jsonl with exactly these epochs (atomically; used after every epoch and on resume). */
    public void writeMetrics(List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : history) {
            sb.append(Json.line(m)).append('\n');
        }
        try {
            AtomicFiles.writeString(dir.resolve("metrics.jsonl"), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("metrics.jsonl") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
