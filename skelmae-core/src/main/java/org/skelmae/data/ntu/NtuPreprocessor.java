package org.skelmae.data.ntu;

import org.skelmae.data.Centring;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.TextCursor;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole reference preprocessing of one NTU {@code .skeleton} file (docs/method.md, "Inputs and preprocessing"):
 * parse, denoise and
 * select two actors, centre every joint on joint 2 (spine mid) of actor 1's first non-empty frame,
 * keep absent actors exactly zero, and fill a missing second actor according to {@link SecondActor}.
 * No padding: the sequence keeps its valid frames only.
 */
public final class NtuPreprocessor {

    private static final int ROW = 75;

    private final NtuSkeletonParser parser;
    private final NtuDenoiser denoiser = new NtuDenoiser();
    private final SecondActor secondActor;

    public NtuPreprocessor(SecondActor secondActor, boolean contiguousIntervals) {
        this.parser = new NtuSkeletonParser(contiguousIntervals);
        this.secondActor = secondActor;
    }

    public SecondActor secondActor() {
        return secondActor;
    }

    /** Parses and preprocesses one file's content. */
    public SkeletonSequence process(Path file, byte[] content) {
        NtuSampleName sample;
        try {
            sample = NtuSampleName.parse(file.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new SkeletonDataException(file, 0, e.getMessage());
        }
        NtuRawSkeleton raw = parser.parse(sample.name(), new TextCursor(file, content));
        NtuDenoiser.Actors actors = denoiser.denoise(raw, file.toString());
        if (actors.frames() == 0) {
            throw new SkeletonDataException(file, 0, "expected at least one frame with a selected actor, none is left after denoising");
        }
        float[] rows = actors.rows();
        int frames = actors.frames();
        try {
            Centring.centreOnFirstFrame(rows, frames, 2, 25, 1);
        } catch (IllegalArgumentException e) {
            throw new SkeletonDataException(file, 0, "expected actor 1 in at least one frame: " + e.getMessage());
        }
        if (!actors.secondActorPresent() && secondActor == SecondActor.DUPLICATE) {
            for (int f = 0; f < frames; f++) {
                System.arraycopy(rows, f * 2 * ROW, rows, f * 2 * ROW + ROW, ROW);
            }
        }
        Map<String, String> attributes = new java.util.LinkedHashMap<>(sample.attributes());
        attributes.put("secondActor", actors.secondActorPresent() ? "tracked" : secondActor.name().toLowerCase(java.util.Locale.ROOT));
        return new SkeletonSequence(sample.name(), sample.label(), frames, 2, 25, rows, raw.bodies().size(), attributes);
    }
}
