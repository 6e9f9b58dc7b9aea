package org.skelmae.engine;

import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GinProbe;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.problem.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What builds the {@link Network}s of both model families: ND4J ({@link #ND4J}, in this module, the default) or
 * another engine found on the class path through {@link ServiceLoader} (the {@code skelmae-libtorch} module registers
 * {@code libtorch}). A run picks one with {@code -Dskelmae.engine=<name>} ({@link #PROPERTY}); its provenance
 * records which ({@link #describe()}). Every engine creates parameters under the same names and shapes in the
 * {@link ParameterStore}, so a checkpoint written on one is read on the other.
 */
public interface Engine {

    /** The system property that selects the engine of a run. */
    String PROPERTY = "skelmae.engine";

    /**
     * The system property that selects the device of an engine that has more than one: {@code cpu} (the default) or,
     * for libtorch built with {@code -Pgpu}, {@code cuda} or {@code cuda:<index>}.
     */
    String DEVICE_PROPERTY = "skelmae.device";

    /** The engine's name, as {@code -Dskelmae.engine} takes it. */
    String name();

    /** Versions and settings of the engine, for a run's provenance. */
    Map<String, String> describe();

    /**
     * The STTFormer classifier ({@link SkeletonClassifier}): fine-tuning, training from scratch or, with
     * {@code frozenEncoder}, the linear probe.
     */
    Network classifier(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes,
                       boolean training, boolean frozenEncoder);

    /** The masked autoencoder of STTFormer pre-training ({@link MaskedAutoencoder}), with any of the three latents. */
    Network maskedAutoencoder(ModelConfig cfg, ParameterStore store, int joints, boolean training);

    /** The graph family's masked autoencoder ({@link GinAutoencoder}) for the layout of {@code graph}. */
    Network ginAutoencoder(GinConfig cfg, ParameterStore store, SkeletonGraph graph, boolean training);

    /**
     * The graph family's classifier: the STRL model ({@link GinClassifier}) for fine-tuning and training from scratch,
     * or, with {@code probe}, the linear probe on the frozen encoder ({@link GinProbe}).
     */
    Network ginClassifier(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes,
                          boolean training, boolean probe);

    /** ND4J, through SameDiff graphs. */
    Engine ND4J = new Engine() {
        @Override
        public String name() {
            return "nd4j";
        }

        @Override
        public Map<String, String> describe() {
            return Map.of("engine", name());
        }

        @Override
        public Network classifier(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes,
                                  boolean training, boolean frozenEncoder) {
            return SkeletonClassifier.build(cfg, store, joints, persons, classes, training, frozenEncoder);
        }

        @Override
        public Network maskedAutoencoder(ModelConfig cfg, ParameterStore store, int joints, boolean training) {
            return MaskedAutoencoder.build(cfg, store, joints, training);
        }

        @Override
        public Network ginAutoencoder(GinConfig cfg, ParameterStore store, SkeletonGraph graph, boolean training) {
            return GinAutoencoder.build(cfg, store, graph, training);
        }

        @Override
        public Network ginClassifier(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes,
                                     boolean training, boolean probe) {
            return probe ? GinProbe.build(cfg, store, graph, persons, classes, training)
                    : GinClassifier.build(cfg, store, graph, persons, classes, training);
        }
    };

    /** The engine {@code -Dskelmae.engine} names ({@code nd4j} when unset). */
    static Engine selected() {
        return named(System.getProperty(PROPERTY, "nd4j"));
    }

    /**
     * The engine called {@code name}.
     *
     * @throws ConfigurationException naming the engines on the class path when none is called so
     */
    static Engine named(String name) {
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (wanted.equals(ND4J.name())) {
            return ND4J;
        }
        List<String> known = new ArrayList<>(List.of(ND4J.name()));
        for (Engine e : ServiceLoader.load(Engine.class, Engine.class.getClassLoader())) {
            if (e.name().equals(wanted)) {
                return e;
            }
            known.add(e.name());
        }
        throw new ConfigurationException("-D" + PROPERTY + "=" + name + ": no such engine on the class path (available: "
                + String.join(", ", known) + ")" + (wanted.equals("libtorch")
                ? "; the libtorch engine is the org.skelmae:skelmae-libtorch artifact, add it to the class path" : ""));
    }
}
