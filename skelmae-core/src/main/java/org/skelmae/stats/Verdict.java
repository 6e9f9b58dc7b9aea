package org.skelmae.stats;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a 95% interval of a difference a − b says, in words a reader cannot misread. "No detectable
 * difference" is deliberately not "equal": the interval contains zero, the runs cannot tell.
 */
public enum Verdict {
    /** The interval lies entirely on the better side of zero. */
    BETTER("better"),
    /** The interval lies entirely on the worse side of zero. */
    WORSE("worse"),
    /** The interval contains zero. */
    NO_DETECTABLE_DIFFERENCE("no detectable difference"),
    /**
     * Both sides made the same predictions on every test sample in every pair: they ran the same computation,
     * so whatever made them different (pre-training, the method) had no effect. Set by the comparison, never
     * by an interval.
     */
    IDENTICAL("identical predictions"),
    /** No interval could be formed (fewer than two pairs and no per-sample predictions, or none at all). */
    NOT_ENOUGH_RUNS("not enough runs");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The words shown in reports and written to JSON. */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * The verdict of an interval of a − b.
     *
     * @param higherIsBetter true for accuracies (a positive difference is better), false for losses
     */
    public static Verdict of(double low, double high, boolean higherIsBetter) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return NOT_ENOUGH_RUNS;
        }
        if (low > 0) {
            return higherIsBetter ? BETTER : WORSE;
        }
        if (high < 0) {
            return higherIsBetter ? WORSE : BETTER;
        }
        return NO_DETECTABLE_DIFFERENCE;
    }
}
