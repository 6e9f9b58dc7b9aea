package org.skelmae.data;

import java.util.List;

/**
 * An indexed collection of preprocessed skeleton sequences with a known joint layout and class list.
 * Implementations may hold the sequences in memory or read them from a cache on demand; {@link #get}
 * must be safe to call from several threads.
 */
public interface SkeletonDataset {

    /** Short identifier, e.g. {@code ntu120}, {@code nw-ucla}, {@code synthetic}. */
    String name();

    JointLayout layout();

    /** Person slots M of every sequence. */
    int persons();

    /** Class names, indexed by label. */
    List<String> classNames();

    int size();

    SampleInfo info(int index);

    SkeletonSequence get(int index);

    /** Where the data came from and its content hash. */
    DataFingerprint fingerprint();

    /** Files the scan skipped on request, with the reason (empty when nothing was skipped). */
    List<SkippedFile> skipped();

    default int numClasses() {
        return classNames().size();
    }
}
