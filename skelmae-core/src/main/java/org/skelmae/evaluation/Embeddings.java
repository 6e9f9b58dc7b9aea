package org.skelmae.evaluation;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.Seeds;
import org.skelmae.util.AtomicFiles;
import org.skelmae.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code embeddings.json} of a pre-training run: the encoder's features of the test samples pooled as the linear
 * probe sees them (the {@code features} output of the family's probe graph: mean over tokens and persons, before
 * the probe's BatchNorm), once with the run's pre-trained encoder (last epoch) and once with the random encoder a
 * classifier of the same seed starts from. The report projects both to two dimensions, so the effect of
 * pre-training on how the classes separate can be seen and measured (docs/method.md, "What a run's features look like").
 *
 * <p>Test splits larger than {@link #MAX_SAMPLES} are thinned to that many evenly spaced samples, so the file and
 * the projection stay small on full NTU.
 *
 * @param schemaVersion layout version
 * @param experiment    the run's experiment
 * @param seed          the run's seed
 * @param family        {@code sttformer} or {@code graph}
 * @param pooling       what a feature vector is
 * @param weights       which pre-trained weights ({@code last epoch})
 * @param initSeed      parameter seed of the random encoder
 * @param classNames    the dataset's class names
 * @param indices       dataset index of each sample, in test-split order
 * @param labels        class label of each sample
 * @param pretrained    per sample, the pre-trained encoder's features
 * @param randomInit    per sample, the random encoder's features
 */
@JsonPropertyOrder({"schemaVersion", "experiment", "seed", "family", "pooling", "weights", "initSeed", "classNames",
        "indices", "labels", "pretrained", "randomInit"})
public record Embeddings(int schemaVersion, String experiment, long seed, String family, String pooling, String weights,
                         long initSeed, List<String> classNames, int[] indices, int[] labels, float[][] pretrained,
                         float[][] randomInit) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "embeddings.json";
    /** At most this many test samples are embedded. */
    public static final int MAX_SAMPLES = 1000;

    /**
     * The test samples embedded: the whole test split up to {@link #MAX_SAMPLES}, else that many evenly spaced
     * (deterministic, the same for every method).
     */
    public static int[] samples(int[] test) {
        if (test.length <= MAX_SAMPLES) {
            return test.clone();
        }
        int[] out = new int[MAX_SAMPLES];
        for (int i = 0; i < MAX_SAMPLES; i++) {
            out[i] = test[(int) ((long) i * test.length / MAX_SAMPLES)];
        }
        return out;
    }

    /**
     * Measures both sets of features.
     *
     * @param probe          builds the family's probe graph in evaluation mode on a store
     * @param loadPretrained copies the pre-trained encoder into a store
     * @param pipeline       the classifier's test-view clip sampling
     * @param inputs         how the probe graph takes coordinates
     */
    public static Embeddings measure(String experiment, long seed, String family, String pooling, LoadedDataset data,
                                     Function<ParameterStore, Network> probe, Consumer<ParameterStore> loadPretrained,
                                     ClipSampler pipeline, int batchSize, ClassifierInputs inputs) {
        int[] ids = samples(data.split().test());
        long initSeed = Seeds.of(seed, "init");
        ParameterStore store = new ParameterStore(initSeed, DataType.FLOAT);
        try (Network net = probe.apply(store)) {
            net.syncFromStore();
            Evaluator.Features random = Evaluator.features(net, data.dataset(), ids, pipeline, batchSize, DataType.FLOAT, inputs);
            loadPretrained.accept(store);
            net.syncFromStore();
            Evaluator.Features trained = Evaluator.features(net, data.dataset(), ids, pipeline, batchSize, DataType.FLOAT, inputs);
            return new Embeddings(SCHEMA_VERSION, experiment, seed, family, pooling, "last epoch", initSeed,
                    data.dataset().classNames(), ids, trained.labels(), trained.features(), random.features());
        }
    }

    private static final ObjectMapper COMPACT = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the file into a run directory, compactly and atomically. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.writeString(runDir.resolve(FILE), COMPACT.writeValueAsString(this) + "\n");
    }

    /** Reads a run directory's file. */
    public static Embeddings read(Path file) {
        return Json.read(file, Embeddings.class);
    }
}
