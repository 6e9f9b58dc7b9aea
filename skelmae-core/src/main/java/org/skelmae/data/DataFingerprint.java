package org.skelmae.data;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * Identity of a dataset's content for provenance and cache validation.
 *
 * @param source     the folder or file the data was read from
 * @param files      number of source files that went in
 * @param sha256     SHA-256 over the ordered (name, content SHA-256) pairs of the sources
 * @param parameters preprocessing parameters that shaped the arrays
 */
@JsonPropertyOrder({"source", "files", "sha256", "parameters"})
public record DataFingerprint(String source, int files, String sha256, Map<String, String> parameters) {
}
