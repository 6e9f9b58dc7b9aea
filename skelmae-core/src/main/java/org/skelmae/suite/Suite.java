package org.skelmae.suite;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.util.List;

/**
 * A declared benchmark suite (JSON under {@code skelmae/suites/} in the benchmarks module). It names a
 * dataset and a preset family; it pre-trains each method (and variant) once per seed and fine-tunes from
 * that checkpoint at every label fraction, optionally with linear probes, a from-scratch control, or
 * cost measurements. Values here are defaults; the command line overrides them (see {@link SuiteOverrides}).
 *
 * @param name            suite name
 * @param description     what it reproduces, in one sentence
 * @param paperTable      the paper table it corresponds to (or "beyond the paper")
 * @param dataset         dataset and protocol, e.g. ntu60-xsub, or "auto" (real data if present, else synthetic)
 * @param preset          preset family: paper, cpu or tiny (method presets are family-method)
 * @param seeds           run seeds
 * @param pretrainEpochs  pre-training epochs
 * @param finetuneEpochs  fine-tuning, probe and scratch epochs
 * @param batchSize       samples per batch
 * @param warmupEpochs    linear warm-up in epochs at the 200-epoch reference (the paper's recipe: 5); runs use it as
 *                        the fraction warmupEpochs / 200 of their optimiser steps, whatever their length
 * @param milestones      LR ×0.1 points in epochs at the 200-epoch reference (the paper's recipe: 60, 90, 110); runs
 *                        use them as fractions milestone / 200 of their optimiser steps
 * @param minPretrainSteps  least optimiser steps of a pre-training: on a small dataset it trains
 *                        max(pretrainEpochs, ceil(minPretrainSteps / stepsPerEpoch)) epochs; 0 for no minimum
 * @param minFinetuneSteps  the same for fine-tuning, linear probes and scratch (a 10% label subset is small)
 * @param finetuneLearningRate base learning rate of every fine-tune and from-scratch control; 0 for each method's own
 *                        (the paper's: 1e-2 for VQ, 1e-3 otherwise, with a from-scratch control per rate). Linear probes
 *                        and pre-training keep their defaults.
 * @param methods         methods to pre-train and fine-tune
 * @param variants        model variants (ablations); empty for the preset itself
 * @param labelFractions  labelled shares for fine-tuning (1 = all labels)
 * @param subsetSeeds     seeds of the stratified labelled subsets (for fractions below 1)
 * @param finetune        fine-tune every pre-trained encoder
 * @param linprobe        linear-probe every pre-trained encoder
 * @param scratch         train the classifier from random weights as a control
 * @param cost            measure parameters, FLOPs, time per epoch and memory instead of training to the end
 */
@JsonPropertyOrder({"name", "description", "paperTable", "dataset", "preset", "seeds", "pretrainEpochs", "finetuneEpochs",
        "batchSize", "warmupEpochs", "milestones", "minPretrainSteps", "minFinetuneSteps",
        "finetuneLearningRate", "methods", "variants", "labelFractions", "subsetSeeds", "finetune", "linprobe", "scratch", "cost"})
public record Suite(String name, String description, String paperTable, String dataset, String preset, List<Long> seeds,
                    int pretrainEpochs, int finetuneEpochs, int batchSize, int warmupEpochs, List<Integer> milestones,
                    int minPretrainSteps, int minFinetuneSteps, double finetuneLearningRate, List<Method> methods, List<Variant> variants,
                    List<Double> labelFractions, List<Long> subsetSeeds, boolean finetune, boolean linprobe,
                    boolean scratch, boolean cost) {

    public Suite {
        seeds = List.copyOf(seeds);
        milestones = List.copyOf(milestones);
        methods = List.copyOf(methods);
        variants = List.copyOf(variants);
        labelFractions = List.copyOf(labelFractions);
        subsetSeeds = List.copyOf(subsetSeeds);
        if (name == null || !name.matches("[a-z0-9-]+")) {
            throw new ConfigurationException("suite name must be lower-case letters, digits and '-', got '" + name + "'");
        }
        if (seeds.isEmpty()) {
            throw new ConfigurationException("suite " + name + ": seeds is empty");
        }
        if (pretrainEpochs < 1 || finetuneEpochs < 1 || batchSize < 1) {
            throw new ConfigurationException("suite " + name + ": epochs and batchSize must be at least 1");
        }
        if (minPretrainSteps < 0 || minFinetuneSteps < 0) {
            throw new ConfigurationException("suite " + name + ": minPretrainSteps and minFinetuneSteps must be >= 0 (0 for no"
                    + " minimum), got " + minPretrainSteps + " and " + minFinetuneSteps);
        }
        if (!(finetuneLearningRate >= 0 && finetuneLearningRate < 1)) {
            throw new ConfigurationException("suite " + name + ": finetuneLearningRate must be in [0, 1) (0 for each method's"
                    + " own), got " + finetuneLearningRate);
        }
        if (warmupEpochs < 0 || warmupEpochs >= org.skelmae.training.TrainingConfig.REFERENCE_EPOCHS
                || milestones.stream().anyMatch(m -> m <= 0 || m > org.skelmae.training.TrainingConfig.REFERENCE_EPOCHS)) {
            throw new ConfigurationException("suite " + name + ": warmupEpochs must be in [0, 200) and milestones in (0, 200]"
                    + " (epochs at the 200-epoch reference), got " + warmupEpochs + " and " + milestones);
        }
        for (double f : labelFractions) {
            if (!(f > 0 && f <= 1)) {
                throw new ConfigurationException("suite " + name + ": label fraction " + f + " is outside (0, 1]");
            }
        }
        if (labelFractions.stream().anyMatch(f -> f < 1) && subsetSeeds.isEmpty()) {
            throw new ConfigurationException("suite " + name + ": fractions below 1 need subsetSeeds");
        }
    }

    private static final List<String> REQUIRED = List.of("name", "description", "paperTable", "dataset", "preset", "seeds",
            "pretrainEpochs", "finetuneEpochs", "batchSize", "warmupEpochs", "milestones", "methods", "variants", "labelFractions",
            "subsetSeeds", "finetune", "linprobe", "scratch", "cost");
    private static final List<String> OPTIONAL = List.of("minPretrainSteps", "minFinetuneSteps", "finetuneLearningRate");

    /**
     * Reads the JSON form strictly (unknown or missing fields are errors naming the field); only
     * {@code minPretrainSteps}, {@code minFinetuneSteps} and {@code finetuneLearningRate} may be absent (0), so
     * suite files and {@code results.json} written before they existed still read.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Suite fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new ConfigurationException("suite: expected a JSON object");
        }
        for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!REQUIRED.contains(k) && !OPTIONAL.contains(k)) {
                throw new ConfigurationException("suite: unknown field '" + k + "' (expected '" + String.join("', '", REQUIRED)
                        + "' and optionally '" + String.join("', '", OPTIONAL) + "')");
            }
        }
        for (String k : REQUIRED) {
            if (!n.hasNonNull(k)) {
                throw new ConfigurationException("suite: field '" + k + "' is missing");
            }
        }
        return new Suite(as(n, "name", String.class), as(n, "description", String.class), as(n, "paperTable", String.class),
                as(n, "dataset", String.class), as(n, "preset", String.class), as(n, "seeds", new TypeReference<List<Long>>() { }),
                as(n, "pretrainEpochs", Integer.class), as(n, "finetuneEpochs", Integer.class), as(n, "batchSize", Integer.class),
                as(n, "warmupEpochs", Integer.class), as(n, "milestones", new TypeReference<List<Integer>>() { }),
                n.has("minPretrainSteps") ? as(n, "minPretrainSteps", Integer.class) : 0,
                n.has("minFinetuneSteps") ? as(n, "minFinetuneSteps", Integer.class) : 0,
                n.has("finetuneLearningRate") ? as(n, "finetuneLearningRate", Double.class) : 0,
                as(n, "methods", new TypeReference<List<Method>>() { }), as(n, "variants", new TypeReference<List<Variant>>() { }),
                as(n, "labelFractions", new TypeReference<List<Double>>() { }), as(n, "subsetSeeds", new TypeReference<List<Long>>() { }),
                as(n, "finetune", Boolean.class), as(n, "linprobe", Boolean.class), as(n, "scratch", Boolean.class),
                as(n, "cost", Boolean.class));
    }

    private static <T> T as(JsonNode n, String key, Class<T> type) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new ConfigurationException("suite: field '" + key + "' is missing");
        }
        boolean ok = type == String.class ? v.isTextual() : type == Boolean.class ? v.isBoolean()
                : type == Double.class ? v.isNumber() : v.isIntegralNumber();
        if (!ok) {
            throw new ConfigurationException("suite: field '" + key + "' must be " + (type == String.class ? "a string"
                    : type == Boolean.class ? "true or false" : type == Double.class ? "a number" : "an integer") + ", got " + v);
        }
        return Json.mapper().convertValue(v, type);
    }

    private static <T> T as(JsonNode n, String key, TypeReference<T> type) {
        try {
            return Json.mapper().convertValue(n.get(key), type);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("suite: field '" + key + "': " + e.getMessage(), e);
        }
    }

    /** A suite without minimum step counts (the form before minPretrainSteps/minFinetuneSteps existed). */
    public Suite(String name, String description, String paperTable, String dataset, String preset, List<Long> seeds,
                 int pretrainEpochs, int finetuneEpochs, int batchSize, int warmupEpochs, List<Integer> milestones,
                 List<Method> methods, List<Variant> variants, List<Double> labelFractions, List<Long> subsetSeeds,
                 boolean finetune, boolean linprobe, boolean scratch, boolean cost) {
        this(name, description, paperTable, dataset, preset, seeds, pretrainEpochs, finetuneEpochs, batchSize, warmupEpochs,
                milestones, 0, 0, 0, methods, variants, labelFractions, subsetSeeds, finetune, linprobe, scratch, cost);
    }
}
