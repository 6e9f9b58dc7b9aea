package org.skelmae.reports.reference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published numbers reports compare against (benchmarks module: {@code skelmae/paper/references.json}).
 *
 * @param paper   title, authors, venue, DOI of the target paper
 * @param note    how to read the numbers
 * @param entries every number
 */
@JsonPropertyOrder({"paper", "note", "entries"})
public record PaperReferences(Map<String, String> paper, String note, List<ReferenceEntry> entries) {

    /** The graph family's method as the references name it. */
    public static final String GRAPH_METHOD = "SkeletonMAE (graph, Yan et al.)";

    /** Published method name of a project method id (mae, mvae, mvqvae, gin-mae). */
    public static String methodName(String id) {
        return switch (id) {
            case "mae" -> "SkeletonMAE";
            case "mvae" -> "SkeletonMVAE";
            case "mvqvae" -> "SkeletonMVQVAE";
            case "gin-mae" -> GRAPH_METHOD;
            default -> id;
        };
    }

    /** The paper a method's own numbers come from: Yan et al. (YAN) for the graph family, the target paper (CHEN) otherwise. */
    public static String sourceOf(String method) {
        return GRAPH_METHOD.equals(method) ? "YAN" : "CHEN";
    }

    /** Loads the references shipped on the classpath. */
    public static PaperReferences load() {
        try (InputStream in = PaperReferences.class.getClassLoader().getResourceAsStream("skelmae/paper/references.json")) {
            if (in == null) {
                throw new IllegalStateException("skelmae/paper/references.json is not on the classpath (it is in skelmae-benchmarks, a runtime dependency of skelmae-reports)");
            }
            return Json.read(in, "skelmae/paper/references.json", PaperReferences.class, Json.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The top-1 number a method's own paper ({@link #sourceOf}) publishes for a dataset, protocol, label share and
     * variant, if any (FineGym's is mean-class top-1, which the entry's metric says).
     */
    public Optional<ReferenceEntry> find(String method, String dataset, String protocol, double labelFraction, String variant) {
        return entries.stream().filter(e -> e.method().equals(method) && e.dataset().equals(dataset)
                && e.protocol().equals(protocol) && Math.abs(e.labelFraction() - labelFraction) < 1e-9
                && java.util.Objects.equals(e.variant(), variant) && e.metric().endsWith("top1") && sourceOf(method).equals(e.source()))
                .findFirst();
    }

    /** The entries of one table of the target paper. */
    public List<ReferenceEntry> table(String table) {
        return entries.stream().filter(e -> e.table().equals(table)).toList();
    }
}
