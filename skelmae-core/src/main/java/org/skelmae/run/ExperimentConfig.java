package org.skelmae.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Json;
import org.skelmae.util.Sha256;

/**
 * Everything that determines one run; written as {@code config.json} in its run directory, hashed to
 * recognise the run on resume, and enough to re-run it.
 *
 * @param suite          suite name (the first level of the output tree)
 * @param experiment     experiment name within the suite
 * @param kind           pretrain, finetune, linprobe or scratch
 * @param seed           root seed
 * @param dataset        dataset and protocol, e.g. {@code nwucla-xview}
 * @param data           data folder or file as given
 * @param model          the model configuration, of either family
 * @param training       optimiser and schedule
 * @param labelFraction  labelled share of the training split for fine-tuning (1 = all labels)
 * @param subsetSeed     seed of the stratified labelled subset (when labelFraction &lt; 1)
 * @param pretrained     checkpoint the encoder starts from (finetune, linprobe), or null
 * @param threads        ND4J threads the run trains with (part of the configuration: the count changes the numbers)
 */
@JsonPropertyOrder({"suite", "experiment", "kind", "seed", "dataset", "data", "labelFraction", "subsetSeed", "pretrained",
        "threads", "training", "model"})
public record ExperimentConfig(String suite, String experiment, RunKind kind, long seed, String dataset, String data,
                               @JsonDeserialize(using = ModelSpecs.Deserializer.class) ModelSpec model, TrainingConfig training, double labelFraction, long subsetSeed,
                               String pretrained, int threads) {

    public ExperimentConfig {
        if (suite == null || suite.isBlank() || experiment == null || experiment.isBlank()) {
            throw new ConfigurationException("suite and experiment names are required");
        }
        if (!suite.matches("[A-Za-z0-9._-]+") || !experiment.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigurationException("suite and experiment names may only use letters, digits, '.', '_' and '-': "
                    + suite + "/" + experiment);
        }
        if (!(labelFraction > 0 && labelFraction <= 1)) {
            throw new ConfigurationException("labelFraction must be in (0, 1], got " + labelFraction);
        }
        if (threads < 1) {
            throw new ConfigurationException("threads must be at least 1, got " + threads);
        }
        if ((kind == RunKind.FINETUNE || kind == RunKind.LINPROBE) && (pretrained == null || pretrained.isBlank())) {
            throw new ConfigurationException(kind + " needs a pre-trained checkpoint");
        }
    }

    /** The same run with another thread count. */
    public ExperimentConfig withThreads(int t) {
        return new ExperimentConfig(suite, experiment, kind, seed, dataset, data, model, training, labelFraction, subsetSeed,
                pretrained, t);
    }

    /** The STTFormer family's model of this run; an error naming the run when it is of the graph family. */
    public ModelConfig sttformer() {
        if (model instanceof ModelConfig m) {
            return m;
        }
        throw new IllegalStateException(tag() + ": the model is " + model.getClass().getSimpleName() + ", not an STTFormer-family one");
    }

    /** True when the run's model is the graph family's. */
    public boolean graphFamily() {
        return model instanceof GinConfig;
    }

    /**
     * The base learning rate of this run: the configured one, else the paper's for the latent (pre-training
     * and fine-tuning), its no-latent value for the from-scratch control, and
     * {@link TrainingConfig#LINEAR_PROBE_LEARNING_RATE} for a linear probe. The graph family's defaults are its
     * paper's: 1.5e-4 (Adam) for pre-training, 0.1 (SGD) for fine-tuning and from scratch.
     */
    public double baseLearningRate() {
        if (model instanceof GinConfig) {
            return training.learningRate() > 0 ? training.learningRate() : kind == RunKind.PRETRAIN
                    ? GinConfig.PRETRAIN_LEARNING_RATE : kind == RunKind.LINPROBE
                    ? TrainingConfig.LINEAR_PROBE_LEARNING_RATE : GinConfig.FINETUNE_LEARNING_RATE;
        }
        ModelConfig model = sttformer();
        return switch (kind) {
            case SCRATCH -> training.baseLearningRate(org.skelmae.latent.LatentType.NONE);
            case LINPROBE -> training.learningRate() > 0 ? training.learningRate() : TrainingConfig.LINEAR_PROBE_LEARNING_RATE;
            default -> training.baseLearningRate(model.latent().type());
        };
    }

    /** SHA-256 of the canonical JSON form. */
    public String sha256() {
        return Sha256.hex(Json.line(this));
    }

    /** "suite/experiment seed=n", the prefix of every log line of the run. */
    public String tag() {
        return suite + "/" + experiment + " seed=" + seed;
    }
}
