package org.skelmae.data;

/**
 * A source file left out of a dataset, and why. Files are only ever skipped when the user asked for it
 * ({@link ScanPolicy#SKIP_AND_REPORT}) or when an official exclusion list names them.
 *
 * @param file   the file name
 * @param reason the error or the list that excluded it
 */
public record SkippedFile(String file, String reason) {
}
