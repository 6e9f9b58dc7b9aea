package org.skelmae.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What builds a model family's {@link Network}s: ND4J ({@link #ND4J}, in this module, the default) or another
 * engine found on the class path through {@link ServiceLoader} (the {@code skelmae-libtorch} module registers
 * {@code libtorch}). A run picks one with {@code -Dskelmae.engine=<name>} ({@link #PROPERTY}); its provenance
 * records which ({@link #describe()}).
 *
 * <p>So far only the STTFormer family has a second engine; the graph family runs on ND4J and asks
 * {@link #requireNd4j(String)} first, so a run that selected another engine stops before anything trains instead of
 * silently training on ND4J.
 */
public interface Engine {

    /** The system property that selects the engine of a run. */
    String PROPERTY = "skelmae.engine";

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
    };

    /**
     * Refuses to go on when the selected engine is not ND4J.
     *
     * @param what what is about to be built, e.g. "masked pre-training"
     * @throws IllegalArgumentException naming the engine, the model and the way out
     */
    static void requireNd4j(String what) {
        String name = System.getProperty(PROPERTY, ND4J.name()).trim().toLowerCase(java.util.Locale.ROOT);
        if (!name.equals(ND4J.name())) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + ": " + what + " runs on the nd4j engine only so far "
                    + "(the " + name + " engine builds the STTFormer family); leave -D" + PROPERTY + " unset for this run");
        }
    }

    /** The engine {@code -Dskelmae.engine} names ({@code nd4j} when unset). */
    static Engine selected() {
        return named(System.getProperty(PROPERTY, "nd4j"));
    }

    /**
     * The engine called {@code name}.
     *
     * @throws IllegalArgumentException naming the engines on the class path when none is called so
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
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + ": no such engine on the class path (available: "
                + String.join(", ", known) + ")" + (wanted.equals("libtorch")
                ? "; the libtorch engine is the org.skelmae:skelmae-libtorch artifact, add it to the class path" : ""));
    }
}
