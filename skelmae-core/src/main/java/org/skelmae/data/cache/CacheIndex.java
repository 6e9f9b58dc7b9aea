package org.skelmae.data.cache;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.data.DataFingerprint;
import org.skelmae.data.JointLayout;
import org.skelmae.data.SkippedFile;

import java.util.List;
import java.util.Map;

/**
 * The JSON index of a preprocessed cache: what produced it (parameters and the source files with size,
 * modification time and SHA-256) and where each sample's frames start in {@code frames.npy}.
 *
 * @param schemaVersion layout version of this index
 * @param dataset       dataset identifier
 * @param layout        joint layout
 * @param persons       person slots per frame
 * @param classNames    class names by label
 * @param parameters    preprocessing parameters; a different value invalidates the cache
 * @param sourceFolder  the folder that was scanned
 * @param sources       every source file that was listed, in scan order
 * @param skipped       files left out, with the reason
 * @param samples       the samples, in index order
 * @param fingerprint   the dataset's fingerprint (SHA-256 over the sources' hashes)
 */
@JsonPropertyOrder({"schemaVersion", "dataset", "layout", "persons", "classNames", "parameters", "sourceFolder",
        "fingerprint", "skipped", "sources", "samples"})
public record CacheIndex(int schemaVersion, String dataset, JointLayout layout, int persons, List<String> classNames,
                         Map<String, String> parameters, String sourceFolder, List<Source> sources,
                         List<SkippedFile> skipped, List<Sample> samples, DataFingerprint fingerprint) {

    /** Version of this index layout; an index of another version is rebuilt. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * One listed source file.
     *
     * @param file    file name
     * @param size    bytes
     * @param mtime   last modification, epoch milliseconds
     * @param sha256  content hash, or null when the file was excluded before reading
     */
    @JsonPropertyOrder({"file", "size", "mtime", "sha256"})
    public record Source(String file, long size, long mtime, String sha256) {
    }

    /**
     * One sample.
     *
     * @param name       sample name
     * @param label      0-based class
     * @param frames     valid frames
     * @param bodies     distinct bodies in the raw file
     * @param offset     first frame in {@code frames.npy}
     * @param attributes dataset-specific fields
     */
    @JsonPropertyOrder({"name", "label", "frames", "bodies", "offset", "attributes"})
    public record Sample(String name, int label, int frames, int bodies, long offset, Map<String, String> attributes) {
    }
}
