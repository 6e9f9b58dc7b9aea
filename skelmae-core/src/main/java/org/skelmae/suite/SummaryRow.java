package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One line of a suite's summary: an experiment across run seeds and subset seeds.
 *
 * <p>The headline ({@link #mean()}, {@link #std()}, {@link #n()}, {@link #ciLow()}, {@link #ciHigh()}) is
 * the <em>last-epoch</em> value of the primary metric: no epoch was chosen by looking at the test set.
 * The paper's protocol, the best epoch on the test set, is kept beside it as {@link #bestOnTestMean()};
 * it is optimistic because the test set picked the epoch. The held-out-selected mean is given only when
 * the held-out slice is large enough to pick an epoch (see {@link #MIN_HELD_OUT_PER_CLASS} and
 * {@link #HELD_OUT_RULE}). Pre-training rows (validation loss, lower is better) have the same shape.
 *
 * @param group               experiment name without the subset seed
 * @param kind                pretrain, finetune, linprobe, scratch or cost
 * @param method              method (null for scratch)
 * @param variant             variant (null when none)
 * @param labelFraction       labelled share
 * @param metric              primary metric name ("" when no run succeeded)
 * @param higherIsBetter      direction of the metric (true for accuracies, false for losses)
 * @param mean                headline: mean of the last-epoch values (NaN when n = 0)
 * @param std                 sample standard deviation of the last-epoch values; 0 when n &lt; 2 (no spread can be
 *                            estimated: the interval is then NaN, and reports print no ± for a single run)
 * @param n                   successful runs
 * @param ciLow               lower bound of the t-based 95% confidence interval of the mean (NaN when n &lt; 2)
 * @param ciHigh              upper bound of it (NaN when n &lt; 2)
 * @param runs                every successful run's values
 * @param bestOnTestMean      mean of the best-epoch values, the paper's protocol (optimistic: selected on the test set)
 * @param heldOutSelectedMean mean of the values at the epoch the held-out slice picked; NaN unless every run held
 *                            out at least {@value #MIN_HELD_OUT_PER_CLASS} samples per class
 * @param wallSeconds         total wall time of these runs
 */
@JsonPropertyOrder({"group", "kind", "method", "variant", "labelFraction", "metric", "higherIsBetter", "mean", "std", "n", "ciLow",
        "ciHigh", "runs", "bestOnTestMean", "heldOutSelectedMean", "wallSeconds"})
public record SummaryRow(String group, String kind, String method, String variant, double labelFraction, String metric,
                         boolean higherIsBetter, double mean, double std, int n, double ciLow, double ciHigh, List<Run> runs,
                         double bestOnTestMean, double heldOutSelectedMean, double wallSeconds) {

    /** Held-out samples per class every run of a row needs before its held-out selection is shown. */
    public static final int MIN_HELD_OUT_PER_CLASS = 5;

    /** The held-out rule in words, for reports and logs. */
    public static final String HELD_OUT_RULE = "Held-out selection is shown only when every run of the row held out at least "
            + MIN_HELD_OUT_PER_CLASS + " labelled training samples per class; with fewer, the held-out accuracy is too noisy to pick an epoch.";

    public SummaryRow {
        runs = List.copyOf(runs);
    }

    /**
     * One run of a row.
     *
     * @param seed       the run's root seed
     * @param subsetSeed the labelled subset's seed (0 when all labels)
     * @param last       primary metric after the last epoch (the headline)
     * @param best       best value over epochs on the test set (the paper's protocol)
     * @param selected   value at the held-out-selected epoch (NaN when nothing was held out)
     */
    @JsonPropertyOrder({"seed", "subsetSeed", "last", "best", "selected"})
    public record Run(long seed, long subsetSeed, double last, double best, double selected) {
    }
}
