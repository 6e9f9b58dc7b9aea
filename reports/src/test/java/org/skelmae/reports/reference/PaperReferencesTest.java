package org.skelmae.reports.reference;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped references: each method's numbers come from its own paper. */
class PaperReferencesTest {

    private final PaperReferences refs = PaperReferences.load();

    @Test
    void theGraphFamilysNumbersAreYanEtAlsAndTheOthersChensOwn() {
        String gin = PaperReferences.methodName("gin-mae");
        assertEquals(PaperReferences.GRAPH_METHOD, gin);
        Optional<ReferenceEntry> g = refs.find(gin, "ntu60-xsub", "finetune", 1.0, null);
        assertEquals(92.8, g.orElseThrow().value());
        assertEquals("YAN", g.get().source());
        Optional<ReferenceEntry> wu = refs.find("SkeletonMAE", "ntu60-xsub", "finetune", 1.0, null);
        assertEquals("CHEN", wu.orElseThrow().source(), "Wu et al.'s method is looked up in the target paper, not in Yan et al.'s table");
        assertEquals(91.2, refs.find(gin, "finegym", "ablation-gin-region", 1.0, "v3").orElseThrow().value());
        assertEquals("mean-class top1", refs.find(gin, "finegym", "ablation-gin-encoder-depth", 1.0, "ld1").orElseThrow().metric());
        assertEquals(91.8, refs.find(gin, "finegym", "ablation-gin-random-joints", 1.0, "regions-v3-v5").orElseThrow().value());
        assertTrue(refs.entries().stream().filter(e -> "YAN".equals(e.source())).allMatch(e -> e.note() != null && e.note().contains("Yan")),
                "every YAN entry says where it comes from");
    }
}
