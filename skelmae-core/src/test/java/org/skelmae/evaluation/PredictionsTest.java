package org.skelmae.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved per-sample predictions: exact round trip of logits, correctness, and errors naming file and line. */
class PredictionsTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsEveryLogitAndTheDerivedCorrectness() throws IOException {
        Predictions p = new Predictions(new int[]{7, 3, 9}, new int[]{0, 2, 1},
                new float[][]{{2.5f, -1f, 0.1f}, {0.3f, 0.2f, 1e-7f}, {-3.25f, 1.0000001f, 1f}});
        assertArrayEquals(new boolean[]{true, false, true}, p.correct());
        assertEquals(2 / 3.0, p.top1(), 1e-12);
        Path f = tmp.resolve("predictions-last.csv");
        p.write(f);
        assertTrue(Files.readString(f).startsWith("sample,label,predicted,logit_0,logit_1,logit_2\n7,0,0,"));
        Predictions q = Predictions.read(f);
        assertArrayEquals(p.samples(), q.samples());
        assertArrayEquals(p.labels(), q.labels());
        for (int i = 0; i < p.size(); i++) {
            assertArrayEquals(p.logits()[i], q.logits()[i], 0f, "float32 logits survive the text form exactly");
        }
    }

    @Test
    void aMalformedLineNamesFileAndLine() throws IOException {
        Path f = tmp.resolve("p.csv");
        Files.writeString(f, "sample,label,predicted,logit_0,logit_1\n1,0,0,0.5,0.2\n2,1,1,zero,0.1\n");
        IOException e = assertThrows(IOException.class, () -> Predictions.read(f));
        assertTrue(e.getMessage().contains("p.csv:3") && e.getMessage().contains("not a number"), e.getMessage());
        Files.writeString(f, "index,label\n");
        e = assertThrows(IOException.class, () -> Predictions.read(f));
        assertTrue(e.getMessage().contains(":1: expected the header"), e.getMessage());
    }
}
