package org.skelmae.data.sampling;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.problem.ConfigurationException;

/**
 * The per-sample pipeline of docs/method.md, "Inputs and preprocessing".
 *
 * @param frames        output length W (120 in the paper)
 * @param cropMin       training crop fraction drawn from [cropMin, cropMax)
 * @param cropMax       see cropMin
 * @param minCropFrames a training crop keeps at least this many frames (64 in STTFormer), or all when shorter
 * @param testCrop      test-time centre crop fraction (0.95)
 * @param rotation      training rotation range in radians around each axis (0.3); 0 disables it
 */
@JsonPropertyOrder({"frames", "cropMin", "cropMax", "minCropFrames", "testCrop", "rotation"})
public record SamplingConfig(int frames, double cropMin, double cropMax, int minCropFrames, double testCrop,
                             double rotation) {

    public SamplingConfig {
        if (frames < 1) {
            throw new ConfigurationException("sampling.frames must be at least 1, got " + frames);
        }
        if (!(cropMin > 0 && cropMin <= cropMax && cropMax <= 1)) {
            throw new ConfigurationException("sampling crop range must satisfy 0 < cropMin <= cropMax <= 1, got ["
                    + cropMin + ", " + cropMax + "]");
        }
        if (!(testCrop > 0 && testCrop <= 1)) {
            throw new ConfigurationException("sampling.testCrop must be in (0, 1], got " + testCrop);
        }
        if (rotation < 0) {
            throw new ConfigurationException("sampling.rotation must be >= 0, got " + rotation);
        }
    }

    /** The STTFormer feeder: 120 frames, crop [0.5, 1) with at least 64 frames, test crop 0.95, ±0.3 rad. */
    public static SamplingConfig paper() {
        return new SamplingConfig(120, 0.5, 1.0, 64, 0.95, 0.3);
    }
}
