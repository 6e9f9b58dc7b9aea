package org.skelmae.data.ntu;

import org.junit.jupiter.api.Test;
import org.skelmae.data.Centring;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.TextCursor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference parse / denoise / centring rules on small constructed files. */
class NtuPreprocessingTest {

    private static final Path FILE = Path.of("S001C001P001R001A050.skeleton");

    private static SkeletonSequence process(SkeletonText t, SecondActor second) {
        return new NtuPreprocessor(second, true).process(FILE, t.text().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void emptyFramesAreDroppedAndActorIsCentredOnJoint2() {
        SkeletonText t = new SkeletonText().frame();
        for (int f = 0; f < 5; f++) {
            t.frame(new SkeletonText.Body("1", SkeletonText.standing(0.5f + f * 0.1f, 0)));
        }
        t.frame();
        SkeletonSequence s = process(t, SecondActor.ZEROS);
        assertEquals(5, s.frames());
        assertEquals(49, s.label());
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, s.xyz()[s.offset(0, 0, 1, c)], "joint 2 of the first frame is the origin");
        }
        assertTrue(s.personIsEmpty(1), "zeros convention leaves the second slot empty");
        assertEquals("1", s.attributes().get("setup"));
    }

    @Test
    void duplicateConventionCopiesTheSingleActor() {
        SkeletonText t = new SkeletonText();
        for (int f = 0; f < 3; f++) {
            t.frame(new SkeletonText.Body("1", SkeletonText.standing(f * 0.1f, 0)));
        }
        SkeletonSequence s = process(t, SecondActor.DUPLICATE);
        for (int f = 0; f < 3; f++) {
            for (int k = 0; k < 75; k++) {
                assertEquals(s.xyz()[s.offset(f, 0, 0, 0) + k], s.xyz()[s.offset(f, 1, 0, 0) + k]);
            }
        }
    }

    @Test
    void shortBodiesAreFilteredAndTwoOverlappingActorsAreKeptByMotion() {
        SkeletonText t = new SkeletonText();
        for (int f = 0; f < 20; f++) {
            SkeletonText.Body calm = new SkeletonText.Body("10", SkeletonText.standing(0, 0));
            SkeletonText.Body moving = new SkeletonText.Body("20", SkeletonText.standing(1, 0.05f * f));
            if (f < 5) {
                t.frame(calm, moving, new SkeletonText.Body("30", SkeletonText.standing(2, 0)));
            } else {
                t.frame(calm, moving);
            }
        }
        NtuRawSkeleton raw = new NtuSkeletonParser(true).parse("x", new TextCursor(FILE, t.text().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, raw.bodies().size());
        assertEquals(3, raw.maxBodiesPerFrame());
        NtuDenoiser.Actors a = new NtuDenoiser().denoise(raw, FILE.toString());
        assertTrue(a.secondActorPresent());
        assertTrue(a.log().stream().anyMatch(l -> l.contains("30") && l.contains("length")), a.log().toString());
        // the moving body has more motion, so it becomes actor 1
        assertEquals(1f, a.rows()[0], 1e-6f);
        assertEquals(0f, a.rows()[75], 1e-6f);
    }

    @Test
    void wideBodiesAreRemovedBySpread() {
        SkeletonText t = new SkeletonText();
        for (int f = 0; f < 20; f++) {
            t.frame(new SkeletonText.Body("1", SkeletonText.standing(0, 0.01f * f)),
                    new SkeletonText.Body("2", SkeletonText.lying(0.02f * f)));
        }
        NtuRawSkeleton raw = new NtuSkeletonParser(true).parse("x", new TextCursor(FILE, t.text().getBytes(StandardCharsets.US_ASCII)));
        NtuDenoiser.Actors a = new NtuDenoiser().denoise(raw, FILE.toString());
        assertFalse(a.secondActorPresent(), a.log().toString());
        assertTrue(a.log().stream().anyMatch(l -> l.contains("spread")));
    }

    @Test
    void nonOverlappingBodiesMergeIntoActor1() {
        SkeletonText t = new SkeletonText();
        for (int f = 0; f < 30; f++) {
            String id = f < 15 ? "1" : "2";
            t.frame(new SkeletonText.Body(id, SkeletonText.standing(f < 15 ? 0.01f * f : 1 + 0.02f * f, 0)));
        }
        NtuRawSkeleton raw = new NtuSkeletonParser(true).parse("x", new TextCursor(FILE, t.text().getBytes(StandardCharsets.US_ASCII)));
        NtuDenoiser.Actors a = new NtuDenoiser().denoise(raw, FILE.toString());
        assertEquals(30, a.frames());
        assertFalse(a.secondActorPresent());
        for (int f = 0; f < 30; f++) {
            assertFalse(Centring.allZero(a.rows(), f * 150, 75), "actor 1 present in frame " + f);
        }
    }

    @Test
    void contiguousIntervalQuirkShiftsAReappearingBody() {
        SkeletonText t = new SkeletonText();
        for (int f = 0; f < 20; f++) {
            SkeletonText.Body a = new SkeletonText.Body("1", SkeletonText.standing(0, 0));
            SkeletonText.Body b = new SkeletonText.Body("2", SkeletonText.standing(1, 0.01f * f));
            t.frame((f >= 5 && f < 10) ? new SkeletonText.Body[]{a} : new SkeletonText.Body[]{a, b});
        }
        byte[] bytes = t.text().getBytes(StandardCharsets.US_ASCII);
        NtuRawSkeleton quirk = new NtuSkeletonParser(true).parse("x", new TextCursor(FILE, bytes));
        NtuRawSkeleton exact = new NtuSkeletonParser(false).parse("x", new TextCursor(FILE, bytes));
        assertEquals(14, quirk.bodies().get("2").end(), "reference: interval grows by previous + 1");
        assertEquals(19, exact.bodies().get("2").end(), "exact: true frame indices");
    }

    @Test
    void malformedInputNamesFileLineAndExpectation() {
        String good = new SkeletonText().frame(new SkeletonText.Body("1", SkeletonText.standing(0, 0))).text();
        String[] lines = good.split("\r\n");
        // line 5 is joint 1: make x non-numeric
        String bad = good.replace(lines[4], "abc" + lines[4].substring(lines[4].indexOf(' ')));
        SkeletonDataException e = assertThrows(SkeletonDataException.class, () -> parse(bad));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("S001C001P001R001A050.skeleton:5") && e.getMessage().contains("x of joint 1"), e.getMessage());

        String nan = good.replace(lines[6], "NaN" + lines[6].substring(lines[6].indexOf(' ')));
        e = assertThrows(SkeletonDataException.class, () -> parse(nan));
        assertEquals(7, e.line());
        assertTrue(e.getMessage().contains("finite"), e.getMessage());

        String joints = good.replace("\r\n25\r\n", "\r\n24\r\n");
        e = assertThrows(SkeletonDataException.class, () -> parse(joints));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("expected 25 joints"), e.getMessage());

        e = assertThrows(SkeletonDataException.class, () -> parse("0\r\n"));
        assertTrue(e.getMessage().contains("declares 0 frames"), e.getMessage());

        e = assertThrows(SkeletonDataException.class, () -> parse("2\r\n0\r\n0\r\n"));
        assertTrue(e.getMessage().contains("all 2 frames are empty"), e.getMessage());

        e = assertThrows(SkeletonDataException.class, () -> parse(good + "1\r\n"));
        assertTrue(e.getMessage().contains("expected end of file"), e.getMessage());
    }

    private static void parse(String text) {
        new NtuPreprocessor(SecondActor.ZEROS, true).process(FILE, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sampleNameFields() {
        NtuSampleName n = NtuSampleName.parse("S018C002P042R001A120.skeleton");
        assertArrayEquals(new int[]{18, 2, 42, 1, 120}, new int[]{n.setup(), n.camera(), n.performer(), n.replication(), n.action()});
        assertEquals(119, n.label());
        assertFalse(n.inNtu60());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NtuSampleName.parse("S001C004P001R001A001"));
        assertTrue(e.getMessage().contains("camera 4"), e.getMessage());
    }
}
