package org.skelmae.data.sampling;

import org.skelmae.data.SkeletonSequence;

import java.util.SplittableRandom;

/**
 * Turns a variable-length sequence into a clip of a fixed number of frames, in (frames, persons, joints, 3)
 * order: a random view for training, a deterministic one for testing. The STTFormer family crops and resizes
 * ({@link SamplePipeline}); the graph family samples frames as PYSKL does ({@link UniformSampler}).
 */
public interface ClipSampler {

    /** Frames of every clip. */
    int frames();

    /** A training view, drawn from {@code rng}. */
    float[] trainView(SkeletonSequence s, SplittableRandom rng);

    /** The test view: the same for a sequence every time. */
    float[] testView(SkeletonSequence s);
}
