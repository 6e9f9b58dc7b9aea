package org.skelmae.masking;

import org.skelmae.problem.ConfigurationException;

/**
 * Spatio-temporal masking rates (docs/method.md, "Spatio-temporal masking"): the share of frames and of joints removed
 * from each
 * person-sequence before the encoder sees it.
 *
 * @param frameRate M_t
 * @param jointRate M_j
 */
public record MaskingConfig(double frameRate, double jointRate) {

    public MaskingConfig {
        if (!(frameRate >= 0 && frameRate < 1) || !(jointRate >= 0 && jointRate < 1)) {
            throw new ConfigurationException("masking rates must be in [0, 1), got frameRate " + frameRate + ", jointRate " + jointRate);
        }
    }

    /** Frames kept out of {@code frames}: round((1 - M_t) · T), half up. */
    public int keptFrames(int frames) {
        return (int) Math.round((1 - frameRate) * frames);
    }

    /** Joints kept out of {@code joints}: round((1 - M_j) · V), half up. */
    public int keptJoints(int joints) {
        return (int) Math.round((1 - jointRate) * joints);
    }
}
