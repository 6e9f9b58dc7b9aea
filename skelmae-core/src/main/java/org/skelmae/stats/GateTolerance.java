package org.skelmae.stats;

/**
 * How far a metric may move before the regression gate ({@code skelmae:check}) or a re-run comparison
 * calls it a change. The tolerance comes from the spread the baseline itself measured over its seeds:
 *
 * <pre>
 *   n_b ≥ 2:  tol = max(floor, K · s_b · √(1/n_b + 1/n_a))      K = 3
 *   n_b = 1:  tol = fallback                                   (no spread measured)
 * </pre>
 *
 * where s_b is the sample standard deviation of the baseline's per-seed values, n_b the baseline's
 * number of runs and n_a the checked run's. K · s_b · √(1/n_b + 1/n_a) is three standard errors of the
 * difference of two means of seeds with that spread: a run on another processor, which behaves like
 * another draw of the numerical noise, passes, while a change that moves the mean by several seed
 * standard deviations fails. The floor stops a spread that happens to be tiny over three seeds from
 * making the gate trip on rounding: 2 accuracy points, or 5% of a loss. With a single baseline run there
 * is no spread to learn from, and the fixed fallback applies: 5 accuracy points, or 25% of a loss.
 */
public final class GateTolerance {

    /** Standard errors of the difference allowed. */
    public static final double K = 3;
    /** Smallest tolerance of an accuracy (a fraction: 0.02 = 2 points). */
    public static final double ACCURACY_FLOOR = 0.02;
    /** Tolerance of an accuracy when the baseline has one run. */
    public static final double ACCURACY_FALLBACK = 0.05;
    /** Smallest tolerance of a loss, relative to the baseline mean. */
    public static final double LOSS_FLOOR = 0.05;
    /** Tolerance of a loss, relative to the baseline mean, when the baseline has one run. */
    public static final double LOSS_FALLBACK = 0.25;

    private GateTolerance() {
    }

    /** Accuracies (top-1, top-5) are fractions in [0, 1]; everything else is treated as a loss. */
    public static boolean isAccuracy(String metric) {
        return metric.endsWith("top1") || metric.endsWith("top5");
    }

    /**
     * @param metric       metric name (decides accuracy or loss)
     * @param baselineMean baseline mean
     * @param baselineStd  baseline sample standard deviation (ignored when baselineN &lt; 2)
     * @param baselineN    baseline runs
     * @param actualN      runs of the result being checked
     */
    public static double of(String metric, double baselineMean, double baselineStd, int baselineN, int actualN) {
        boolean accuracy = isAccuracy(metric);
        double scale = accuracy ? 1 : Math.abs(baselineMean);
        if (baselineN < 2 || !Double.isFinite(baselineStd)) {
            return (accuracy ? ACCURACY_FALLBACK : LOSS_FALLBACK) * scale;
        }
        double floor = (accuracy ? ACCURACY_FLOOR : LOSS_FLOOR) * scale;
        double se = baselineStd * Math.sqrt(1.0 / baselineN + 1.0 / Math.max(1, actualN));
        return Math.max(floor, K * se);
    }

    /** The formula in one line, for logs and reports. */
    public static String describe() {
        return "tolerance = max(floor, 3 * s_baseline * sqrt(1/n_baseline + 1/n_run)); floor 2 points (accuracy) or 5% (loss); "
                + "with one baseline run: 5 points or 25%";
    }
}
