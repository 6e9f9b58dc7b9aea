package org.skelmae.training;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.npz.NpzArrays;
import org.skelmae.model.ParameterStore;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: one {@code .npz} (numpy can open it) holding the parameters ({@code param/}),
 * BatchNorm running statistics ({@code state/}), the optimiser's state by slot ({@code adam.m/}, {@code adam.v/},
 * {@code sgd.momentum/}) and a
 * {@code meta.json} entry with the epoch history. It is written to a temporary file and renamed, so a
 * kill never leaves a half checkpoint.
 */
public final class Checkpoint {

    /** Version of the checkpoint layout. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * What a checkpoint records besides arrays.
     *
     * @param schemaVersion   layout version
     * @param kind            pretrain, finetune, linprobe or scratch
     * @param configSha256    hash of the resolved experiment configuration
     * @param epochsCompleted epochs done
     * @param adamSteps       optimiser steps done (named so before other optimisers existed)
     * @param bestEpoch       epoch of the best validation value so far (0 when none)
     * @param bestValue       that value (lowest loss or highest accuracy)
     * @param history         metrics of every completed epoch
     */
    @JsonPropertyOrder({"schemaVersion", "kind", "configSha256", "epochsCompleted", "adamSteps", "bestEpoch", "bestValue", "history"})
    public record Meta(int schemaVersion, String kind, String configSha256, int epochsCompleted, long adamSteps,
                       int bestEpoch, double bestValue, List<EpochMetrics> history) {
    }

    private Checkpoint() {
    }

    /** Saves the model, optimiser and meta atomically. */
    public static void save(Path file, ParameterStore store, Optimizer optimizer, Meta meta) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        store.params().forEach((k, v) -> arrays.put("param/" + k, v));
        store.state().forEach((k, v) -> arrays.put("state/" + k, v));
        if (optimizer != null) {
            optimizer.slots().forEach((slot, values) -> values.forEach((k, v) -> arrays.put(slot + "/" + k, v)));
        }
        NpzArrays.write(file, arrays, Map.of("meta.json", Json.toString(meta).getBytes(StandardCharsets.UTF_8)));
    }

    /** The meta of a checkpoint file, with a clear error when the file is missing or not a checkpoint. */
    public static Meta meta(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("checkpoint " + file + " does not exist");
        }
        byte[] json = NpzArrays.readFile(file, "meta.json");
        if (json == null) {
            throw new ConfigurationException(file + " is not a skelmae checkpoint (no meta.json entry)");
        }
        Meta m = Json.read(new java.io.ByteArrayInputStream(json), file + "[meta.json]", Meta.class, Json.mapper());
        if (m.schemaVersion() != SCHEMA_VERSION) {
            throw new ConfigurationException(file + ": checkpoint schema " + m.schemaVersion() + ", this version reads " + SCHEMA_VERSION);
        }
        return m;
    }

    /** Restores a whole run (model and optimiser) from a checkpoint of the same configuration. */
    public static Meta restore(Path file, ParameterStore store, Optimizer optimizer, String configSha256) {
        Meta m = meta(file);
        if (!m.configSha256().equals(configSha256)) {
            throw new ConfigurationException(file + " was written for another configuration (sha256 " + m.configSha256()
                    + ", this run " + configSha256 + "): use another output directory or -Dskelmae.overwrite");
        }
        Map<String, INDArray> arrays = NpzArrays.read(file, store.dtype());
        ParameterStore saved = new ParameterStore(0, store.dtype());
        Map<String, Map<String, INDArray>> slots = new HashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith("param/")) {
                saved.params().put(k.substring(6), v);
            } else if (k.startsWith("state/")) {
                saved.state().put(k.substring(6), v);
            } else if (k.indexOf('/') > 0) {
                slots.computeIfAbsent(k.substring(0, k.indexOf('/')), s -> new HashMap<>()).put(k.substring(k.indexOf('/') + 1), v);
            }
        });
        store.copyFrom(saved, "");
        if (optimizer != null) {
            optimizer.restore(slots, m.adamSteps());
        }
        return m;
    }

    /**
     * Copies the entries starting with {@code prefix} (e.g. the encoder) of a checkpoint into a store
     * whose other parts stay as initialised.
     *
     * @return the number of arrays copied
     */
    public static int loadPart(Path file, ParameterStore store, String prefix) {
        meta(file);
        Map<String, INDArray> arrays = NpzArrays.read(file, store.dtype());
        ParameterStore saved = new ParameterStore(0, store.dtype());
        arrays.forEach((k, v) -> {
            if (k.startsWith("param/" + prefix)) {
                saved.params().put(k.substring(6), v);
            } else if (k.startsWith("state/" + prefix)) {
                saved.state().put(k.substring(6), v);
            }
        });
        for (String name : store.params().keySet()) {
            if (name.startsWith(prefix) && !saved.params().containsKey(name)) {
                throw new ConfigurationException(file + " has no parameter " + name + ": it was made with another "
                        + "model configuration (different encoder depth or width?)");
            }
        }
        try {
            return store.copyFrom(saved, prefix);
        } catch (IllegalArgumentException e) {
            // the store's shape check: here it means a checkpoint of another configuration, not a bug
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }
}
