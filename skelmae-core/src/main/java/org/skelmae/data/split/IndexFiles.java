package org.skelmae.data.split;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Splits and semi-supervised subsets written to JSON index files, each with the SHA-256 of its content
 * and of the dataset it indexes, so that every method fine-tunes on the identical samples and a file
 * meant for another dataset is refused.
 */
public final class IndexFiles {

    /** Version of the index-file layout. */
    public static final int SCHEMA_VERSION = 1;

    private IndexFiles() {
    }

    /** The JSON form of a split. */
    @JsonPropertyOrder({"schemaVersion", "kind", "split", "datasetSha256", "trainCount", "testCount", "sha256", "train", "test"})
    public record SplitFile(int schemaVersion, String kind, String split, String datasetSha256, int trainCount,
                            int testCount, String sha256, int[] train, int[] test) {
    }

    /** Writes a split of the dataset with that content hash. */
    public static void writeSplit(Path file, Split split, String datasetSha256) throws IOException {
        Json.write(file, new SplitFile(SCHEMA_VERSION, "split", split.name(), datasetSha256, split.train().length,
                split.test().length, split.sha256(), split.train(), split.test()));
    }

    /** Reads a split, checking its hash and that it belongs to the dataset with {@code datasetSha256}. */
    public static Split readSplit(Path file, String datasetSha256) {
        SplitFile f = Json.read(file, SplitFile.class);
        if (!"split".equals(f.kind())) {
            throw new ConfigurationException(file + ": expected kind 'split', found '" + f.kind() + "'");
        }
        Split s = new Split(f.split(), f.train(), f.test());
        if (!s.sha256().equals(f.sha256())) {
            throw new ConfigurationException(file + ": content hash " + s.sha256() + " does not match the recorded "
                    + f.sha256() + " (the file was edited)");
        }
        checkDataset(file, f.datasetSha256(), datasetSha256);
        return s;
    }

    /** The JSON form of a semi-supervised subset. */
    @JsonPropertyOrder({"schemaVersion", "kind", "split", "datasetSha256", "fraction", "seed", "size", "perClass", "sha256", "indices"})
    public record SubsetFile(int schemaVersion, String kind, String split, String datasetSha256, double fraction,
                             long seed, int size, Map<String, Integer> perClass, String sha256, int[] indices) {
    }

    /** Writes a subset of the dataset with that content hash. */
    public static void writeSubset(Path file, LabelledSubset subset, String datasetSha256) throws IOException {
        Json.write(file, new SubsetFile(SCHEMA_VERSION, "subset", subset.split(), datasetSha256, subset.fraction(),
                subset.seed(), subset.indices().length, subset.perClassCounts(), subset.sha256(), subset.indices()));
    }

    /** Reads a subset, checking its hash and that it belongs to the dataset with {@code datasetSha256}. */
    public static LabelledSubset readSubset(Path file, String datasetSha256) {
        SubsetFile f = Json.read(file, SubsetFile.class);
        if (!"subset".equals(f.kind())) {
            throw new ConfigurationException(file + ": expected kind 'subset', found '" + f.kind() + "'");
        }
        LabelledSubset s = new LabelledSubset(f.split(), f.fraction(), f.seed(), f.indices(), f.perClass());
        if (!s.sha256().equals(f.sha256())) {
            throw new ConfigurationException(file + ": content hash " + s.sha256() + " does not match the recorded "
                    + f.sha256() + " (the file was edited)");
        }
        checkDataset(file, f.datasetSha256(), datasetSha256);
        return s;
    }

    private static void checkDataset(Path file, String recorded, String actual) {
        if (actual != null && !actual.equals(recorded)) {
            throw new ConfigurationException(file + ": this index file was made for the dataset with SHA-256 "
                    + recorded + ", but the loaded dataset has " + actual
                    + " (another dataset, or the data changed): make a new index file for this data");
        }
    }
}
