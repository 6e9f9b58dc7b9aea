package org.skelmae.data;

import java.nio.file.Path;

/** Turns the bytes of one source file into a preprocessed sequence, or throws {@link SkeletonDataException}. */
@FunctionalInterface
public interface SourceReader {
    SkeletonSequence read(Path file, byte[] content);
}
