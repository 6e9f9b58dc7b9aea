package org.skelmae.reports;

import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.SuiteResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of file the successful pre-training runs of a suite left in their run directories (e.g.
 * {@code reconstructions.json}), read in the suite's order, with a note for each run whose file is missing or
 * unreadable.
 *
 * @param found the files read, with the outcome of the run each came from
 * @param notes one line per run without a readable file
 * @param <T>   what a file is read as
 */
record PretrainingFiles<T>(List<Found<T>> found, List<String> notes) {

    /** A file and its run. */
    record Found<T>(ExperimentOutcome outcome, T file) {
    }

    /**
     * @param output the folder that holds the suite's folder
     * @param name   the file's name in a run directory
     * @param read   reads a file, throwing a RuntimeException when it cannot
     */
    static <T> PretrainingFiles<T> read(SuiteResult r, Path output, String name, Function<Path, T> read) {
        List<Found<T>> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ExperimentOutcome o : r.outcomes()) {
            ExperimentConfig c = o.experiment().config();
            if (c.kind() != RunKind.PRETRAIN || o.status() != ExperimentOutcome.Status.OK) {
                continue;
            }
            Path file = RunDirectory.of(output, c).resolve(name);
            if (!Files.isRegularFile(file)) {
                notes.add(c.experiment() + " (seed " + c.seed() + "): no " + name + " in its run directory");
                continue;
            }
            try {
                found.add(new Found<>(o, read.apply(file)));
            } catch (RuntimeException e) {
                notes.add(c.experiment() + " (seed " + c.seed() + "): " + name + " unreadable: " + e.getMessage());
            }
        }
        return new PretrainingFiles<>(List.copyOf(found), List.copyOf(notes));
    }
}
