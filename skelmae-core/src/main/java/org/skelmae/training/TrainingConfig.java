package org.skelmae.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.skelmae.latent.LatentType;
import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The optimiser and schedule of a run (docs/method.md, "Training recipes"): Adam with coupled weight decay, a linear
 * warm-up and
 * step decays placed at FRACTIONS of the run, so one recipe fits runs of any length.
 *
 * <p>The run's length is given in epochs, or in optimiser steps ({@code steps > 0}, rounded up to whole
 * epochs), and is raised on small datasets to at least {@code minSteps} optimiser steps. The number of
 * steps per epoch depends on the data, so the length is resolved when training starts
 * ({@link #resolve(int)}); it is a pure function of this config and the number of training samples, which
 * keeps resume and the config hash valid.
 *
 * <p>JSON written before fractions existed ({@code warmupEpochs} and {@code milestones} at the 200-epoch
 * reference) is still read: they become {@code warmupEpochs / 200} and {@code milestone / 200}.
 *
 * @param epochs          epochs to train (ignored when {@code steps > 0}, then conventionally 0 or the requested epochs)
 * @param steps           optimiser steps to train, rounded up to whole epochs; 0 means "use epochs"
 * @param minSteps        the least number of optimiser steps: small datasets train more epochs to reach it; 0 for none
 * @param batchSize       samples per batch
 * @param learningRate    base learning rate; 0 means the paper's default for the latent (1e-3, 1e-2 for VQ)
 * @param warmup          linear warm-up as a fraction of the run's steps (paper: 5/200 = 0.025)
 * @param decays          fractions of the run's steps where the LR is multiplied by gamma (paper: 0.3, 0.45, 0.55)
 * @param gamma           decay factor (0.1)
 * @param weightDecay     L2 added to the gradient (1e-4)
 * @param beta1           Adam β1 (0.9)
 * @param beta2           Adam β2 (0.999)
 * @param epsilon         Adam ε (1e-8)
 * @param logEvery        a progress line every this many iterations
 * @param heldOutFraction share of the (labelled) training samples held out for honest model selection
 * @param sgd             SGD's settings when the run trains with SGD instead of Adam; null for Adam (and absent from
 *                        the JSON, so configurations written before SGD existed keep their hash)
 */
@JsonPropertyOrder({"epochs", "steps", "minSteps", "batchSize", "learningRate", "warmup", "decays", "gamma", "weightDecay",
        "beta1", "beta2", "epsilon", "logEvery", "heldOutFraction", "sgd"})
public record TrainingConfig(int epochs, int steps, int minSteps, int batchSize, double learningRate, double warmup,
                             List<Double> decays, double gamma, double weightDecay, double beta1, double beta2,
                             double epsilon, int logEvery, double heldOutFraction,
                             @JsonInclude(JsonInclude.Include.NON_NULL) SgdSettings sgd) {

    /**
     * SGD instead of Adam ({@link Sgd}); the weight decay is the config's.
     *
     * @param momentum μ (0.9)
     * @param nesterov Nesterov momentum
     */
    public record SgdSettings(double momentum, boolean nesterov) {
        public SgdSettings {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new ConfigurationException("training.sgd.momentum must be in [0, 1), got " + momentum);
            }
        }
    }

    /** Reference length of epoch-based schedule values ({@code warmupEpochs}, {@code milestones}). */
    public static final int REFERENCE_EPOCHS = 200;

    public TrainingConfig {
        decays = List.copyOf(decays);
        if (steps < 0 || minSteps < 0) {
            throw new ConfigurationException("training.steps and training.minSteps must be >= 0, got " + steps + " and " + minSteps);
        }
        if ((steps == 0 && epochs < 1) || epochs < 0 || batchSize < 1) {
            throw new ConfigurationException("training.epochs (or training.steps) and training.batchSize must be at least 1, got epochs "
                    + epochs + ", steps " + steps + ", batchSize " + batchSize);
        }
        if (learningRate < 0 || !(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new ConfigurationException("training.learningRate must be >= 0 and heldOutFraction in [0, 1)");
        }
        if (!(warmup >= 0 && warmup < 1)) {
            throw new ConfigurationException("training.warmup is a fraction of the run in [0, 1), got " + warmup);
        }
        for (double d : decays) {
            if (!(d > 0 && d <= 1)) {
                throw new ConfigurationException("training.decays are fractions of the run in (0, 1], got " + decays);
            }
        }
    }

    /** The paper's recipe: 200 epochs, batch 64, per-latent LR, warm-up 5/200, decays at 60/200, 90/200, 110/200. */
    public static TrainingConfig paper() {
        return new TrainingConfig(200, 0, 0, 64, 0, fraction(5), fractions(List.of(60, 90, 110)), 0.1, 1e-4, 0.9, 0.999, 1e-8, 10, 0.05, null);
    }

    /** A value given in epochs at the 200-epoch reference as a fraction of the run. */
    public static double fraction(int referenceEpochs) {
        return referenceEpochs / (double) REFERENCE_EPOCHS;
    }

    /** Milestones at the 200-epoch reference as fractions of the run. */
    public static List<Double> fractions(List<Integer> referenceMilestones) {
        return referenceMilestones.stream().map(TrainingConfig::fraction).toList();
    }

    /** This config training {@code e} epochs (and not a step count). */
    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, 0, minSteps, batchSize, learningRate, warmup, decays, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, sgd);
    }

    /** This config training {@code s} optimiser steps, rounded up to whole epochs (epochs is kept for the record). */
    public TrainingConfig withSteps(int s) {
        return new TrainingConfig(epochs, s, minSteps, batchSize, learningRate, warmup, decays, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, sgd);
    }

    /** This config with a minimum number of optimiser steps (0 for none). */
    public TrainingConfig withMinSteps(int s) {
        return new TrainingConfig(epochs, steps, s, batchSize, learningRate, warmup, decays, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, sgd);
    }

    /** This config training with SGD (null: Adam) at weight decay {@code decay}. */
    public TrainingConfig withSgd(SgdSettings settings, double decay) {
        return new TrainingConfig(epochs, steps, minSteps, batchSize, learningRate, warmup, decays, gamma, decay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, settings);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(epochs, steps, minSteps, b, learningRate, warmup, decays, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, sgd);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(epochs, steps, minSteps, batchSize, lr, warmup, decays, gamma, weightDecay, beta1, beta2,
                epsilon, logEvery, heldOutFraction, sgd);
    }

    /** This config with warm-up and decays as fractions of the run. */
    public TrainingConfig withSchedule(double warmupFraction, List<Double> decayFractions) {
        return new TrainingConfig(epochs, steps, minSteps, batchSize, learningRate, warmupFraction, decayFractions, gamma,
                weightDecay, beta1, beta2, epsilon, logEvery, heldOutFraction, sgd);
    }

    /**
     * Default learning rate of a linear probe: a linear head on frozen features takes a larger step than a
     * fine-tune; at the fine-tune's 1e-3 a 4-epoch probe on NW-UCLA stayed near chance (16% top-1, measured
     * 2026-11-30 with the ci suite), which would hide what the encoder learned.
     */
    public static final double LINEAR_PROBE_LEARNING_RATE = 1e-2;

    /** The base learning rate for a latent: the configured one, or 1e-2 for VQ and 1e-3 otherwise. */
    public double baseLearningRate(LatentType latent) {
        if (learningRate > 0) {
            return learningRate;
        }
        return latent == LatentType.VQ ? 1e-2 : 1e-3;
    }

    /**
     * The run's length and LR schedule for a dataset giving {@code iterationsPerEpoch} optimiser steps per epoch.
     *
     * @throws IllegalArgumentException when an epoch has no step
     */
    public Schedule resolve(int iterationsPerEpoch) {
        return Schedule.of(this, iterationsPerEpoch);
    }

    private static final Set<String> KEYS = Set.of("epochs", "steps", "minSteps", "batchSize", "learningRate", "warmup", "decays",
            "gamma", "weightDecay", "beta1", "beta2", "epsilon", "logEvery", "heldOutFraction", "warmupEpochs", "milestones", "sgd");

    /**
     * Reads the JSON form, also the one before fractions ({@code warmupEpochs}, {@code milestones} at the
     * 200-epoch reference, no {@code steps}/{@code minSteps}).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TrainingConfig fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ConfigurationException("training: expected a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new ConfigurationException("training: unknown field '" + k + "' (expected one of " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        boolean legacy = n.has("warmupEpochs") || n.has("milestones");
        boolean current = n.has("warmup") || n.has("decays");
        if (legacy && current) {
            throw new ConfigurationException("training: give either warmup/decays (fractions of the run) or the older "
                    + "warmupEpochs/milestones (epochs at the 200-epoch reference), not both");
        }
        double warmup;
        List<Double> decays;
        if (legacy) {
            warmup = fraction(integer(n, "warmupEpochs"));
            decays = fractions(integers(n, "milestones"));
        } else {
            warmup = number(n, "warmup");
            decays = new ArrayList<>();
            JsonNode d = required(n, "decays");
            if (!d.isArray()) {
                throw new ConfigurationException("training.decays: expected an array of fractions in (0, 1], got " + d);
            }
            for (JsonNode v : d) {
                if (!v.isNumber()) {
                    throw new ConfigurationException("training.decays: expected numbers, got " + v);
                }
                decays.add(v.asDouble());
            }
        }
        return new TrainingConfig(integer(n, "epochs"), n.has("steps") ? integer(n, "steps") : 0,
                n.has("minSteps") ? integer(n, "minSteps") : 0, integer(n, "batchSize"), number(n, "learningRate"),
                warmup, decays, number(n, "gamma"), number(n, "weightDecay"), number(n, "beta1"),
                number(n, "beta2"), number(n, "epsilon"), integer(n, "logEvery"), number(n, "heldOutFraction"), sgd(n));
    }

    private static SgdSettings sgd(JsonNode n) {
        JsonNode s = n.get("sgd");
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isObject() || !s.has("momentum") || !s.get("momentum").isNumber() || !s.has("nesterov") || !s.get("nesterov").isBoolean()
                || s.size() != 2) {
            throw new ConfigurationException("training.sgd: expected {\"momentum\": <number>, \"nesterov\": <true|false>}, got " + s);
        }
        return new SgdSettings(s.get("momentum").asDouble(), s.get("nesterov").asBoolean());
    }

    private static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new ConfigurationException("training." + key + " is missing");
        }
        return v;
    }

    private static int integer(JsonNode n, String key) {
        JsonNode v = required(n, key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ConfigurationException("training." + key + ": expected an integer, got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = required(n, key);
        if (!v.isNumber()) {
            throw new ConfigurationException("training." + key + ": expected a number, got " + v);
        }
        return v.asDouble();
    }

    private static List<Integer> integers(JsonNode n, String key) {
        JsonNode v = required(n, key);
        if (!v.isArray()) {
            throw new ConfigurationException("training." + key + ": expected an array of integers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber()) {
                throw new ConfigurationException("training." + key + ": expected integers, got " + e);
            }
            out.add(e.asInt());
        }
        return out;
    }
}
