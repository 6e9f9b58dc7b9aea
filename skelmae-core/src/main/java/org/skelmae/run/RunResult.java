package org.skelmae.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.training.EpochMetrics;

import java.util.List;
import java.util.Map;

/**
 * {@code result.json} of one run (schema-versioned, JMH-shaped): the primary metric with its best,
 * last and honestly selected values, secondary figures, the evaluations of the best and last
 * checkpoints, and the raw per-epoch data.
 *
 * @param schemaVersion  layout version of this file
 * @param suite          suite
 * @param experiment     experiment
 * @param kind           pretrain, finetune, linprobe or scratch
 * @param seed           root seed
 * @param dataset        dataset and protocol
 * @param synthetic      true when the data was the generated SYNTHETIC set
 * @param configSha256   hash of config.json
 * @param primary        test top-1 (classification) or validation loss (pre-training)
 * @param secondary      other figures: top-5, held-out accuracy, throughput, parameters, FLOPs, VQ usage
 * @param best           evaluation of the best checkpoint (classification), else null
 * @param last           evaluation after the last epoch (classification), else null
 * @param epochs         every epoch's metrics
 * @param wallSeconds    wall time of this invocation (a resumed run counts only its own part)
 * @param rerun          the command that re-runs it
 */
@JsonPropertyOrder({"schemaVersion", "suite", "experiment", "kind", "seed", "dataset", "synthetic", "configSha256",
        "primary", "secondary", "best", "last", "epochs", "wallSeconds", "rerun"})
public record RunResult(int schemaVersion, String suite, String experiment, RunKind kind, long seed, String dataset,
                        boolean synthetic, String configSha256, Metric primary, Map<String, Double> secondary,
                        Evaluation best, Evaluation last, List<EpochMetrics> epochs, double wallSeconds, String rerun) {

    /** Current layout version. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * A metric over the epochs of a run.
     *
     * @param name           e.g. test.top1
     * @param higherIsBetter direction
     * @param best           best value over epochs (the paper's reporting)
     * @param bestEpoch      its epoch
     * @param last           value after the last epoch
     * @param selected       value at the epoch picked by held-out accuracy (NaN when nothing was held out)
     * @param selectedEpoch  that epoch (0 when none)
     */
    @JsonPropertyOrder({"name", "higherIsBetter", "best", "bestEpoch", "last", "selected", "selectedEpoch"})
    public record Metric(String name, boolean higherIsBetter, double best, int bestEpoch, double last, double selected,
                         int selectedEpoch) {
    }
}
