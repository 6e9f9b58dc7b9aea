package org.skelmae.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.Presets;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Model configurations of either family as JSON: a graph-family config is the one with
 * {@code encoderLayers}, an STTFormer-family config the one with {@code framesPerTuple}. No type field is
 * written, so an STTFormer config's JSON, and the hash of a run configuration holding it, are what they
 * were before the graph family existed.
 */
public final class ModelSpecs {

    private ModelSpecs() {
    }

    /** A shipped preset of either family by name ({@code cpu-mae}, {@code cpu-gin-mae}), or a config file by path. */
    public static ModelSpec preset(String nameOrFile) {
        try (InputStream in = Presets.open(nameOrFile)) {
            return Json.read(in, Presets.source(nameOrFile), ModelSpec.class, Json.mapper().copy()
                    .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                            .addDeserializer(ModelSpec.class, new Deserializer())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The family's type of a config's JSON object. */
    static Class<? extends ModelSpec> typeOf(JsonNode n) {
        if (n.has("encoderLayers")) {
            return GinConfig.class;
        }
        if (n.has("framesPerTuple")) {
            return ModelConfig.class;
        }
        throw new ConfigurationException("model: neither an STTFormer-family config (it has framesPerTuple) nor a graph-family"
                + " config (it has encoderLayers); fields found: " + n.properties().stream().map(java.util.Map.Entry::getKey).toList());
    }

    /** Reads {@code ExperimentConfig.model} (and presets) as the family's record. */
    public static final class Deserializer extends StdDeserializer<ModelSpec> {
        public Deserializer() {
            super(ModelSpec.class);
        }

        @Override
        public ModelSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            return ctxt.readTreeAsValue(n, typeOf(n));
        }
    }
}
