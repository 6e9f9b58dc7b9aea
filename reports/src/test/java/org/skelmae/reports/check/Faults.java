package org.skelmae.reports.check;

import org.skelmae.data.DataFingerprint;
import org.skelmae.data.JointLayout;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SampleInfo;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.data.SkippedFile;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.masking.MaskingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.model.LossConfig;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ParameterStore;
import org.skelmae.run.Seeds;
import org.skelmae.training.Checkpoint;
import org.skelmae.model.ModelConfig;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.suite.ExperimentExecutor;
import org.skelmae.suite.ExperimentOutcome;
import org.skelmae.suite.PlannedExperiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The four faults of issue 12, planted from tests only, around the production code: a wrapping executor
 * rewrites each experiment's configuration before it runs, and a dataset wrapper shuffles training labels.
 * Each fault also says which experiments it cannot change, so a fault run can reuse the clean run's
 * directories for them. A fault can be planted in one method family only (see {@link Family}).
 *
 * @param name       short name, used as the output directory
 * @param what       the fault in words
 * @param config     how it rewrites a configuration (given the data and a directory for files it needs)
 * @param permute    whether it shuffles the labelled training samples' labels
 * @param unaffected the kinds of experiment it leaves alone
 * @param graph      whether it can be planted in the graph family
 */
record Faults(String name, String what, Planting config, boolean permute, Predicate<RunKind> unaffected, boolean graph) {

    /** The experiments a campaign plants its faults in: those of one method family, or all. */
    enum Family {
        ALL, STTFORMER, GRAPH;

        boolean contains(ExperimentConfig c) {
            return this == ALL || (c.model() instanceof GinConfig) == (this == GRAPH);
        }
    }

    /** How a fault rewrites one experiment's configuration. */
    interface Planting {
        ExperimentConfig apply(ExperimentConfig c, LoadedDataset data, Path dir);
    }

    /**
     * (a) fine-tunes and probes keep the random initialisation instead of loading the pre-trained encoder: they
     * load a checkpoint of the untrained pre-training model of their seed, whose encoder is, name for name, the
     * initialisation they would have had without loading anything.
     */
    static final Faults ENCODER_NOT_LOADED = new Faults("a-encoder-not-loaded", "the fine-tune does not load the pre-trained encoder",
            (c, data, dir) -> c.kind() == RunKind.FINETUNE || c.kind() == RunKind.LINPROBE
                    ? withPretrained(c, untrained(c, data, dir).toString()) : c, false,
            k -> k == RunKind.PRETRAIN || k == RunKind.SCRATCH, true);

    /** (b) pre-training masks nothing and its loss covers every position: an autoencoder; validation is unchanged. */
    static final Faults NOTHING_MASKED = new Faults("b-nothing-masked", "nothing is masked during pre-training",
            (c, data, dir) -> c.kind() == RunKind.PRETRAIN ? withModel(c, unmasked(c.sttformer())) : c, false, k -> k == RunKind.SCRATCH,
            false);

    /** (c) the labels of the labelled training samples are shuffled among them (a fixed permutation). */
    static final Faults PERMUTED_LABELS = new Faults("c-permuted-labels", "the labelled subset's labels are permuted",
            (c, data, dir) -> c, true, k -> k == RunKind.PRETRAIN, true);

    /** (d) every run trains at 1% of its learning rate. */
    static final Faults LEARNING_RATE = new Faults("d-lr-x0.01", "learning rate x0.01",
            (c, data, dir) -> new ExperimentConfig(c.suite(), c.experiment(), c.kind(), c.seed(), c.dataset(), c.data(), c.model(),
                    c.training().withLearningRate(c.baseLearningRate() * 0.01), c.labelFraction(), c.subsetSeed(), c.pretrained(),
                    c.threads()), false, k -> false, true);

    static final List<Faults> ALL = List.of(ENCODER_NOT_LOADED, NOTHING_MASKED, PERMUTED_LABELS, LEARNING_RATE);

    /** The executor that plants this fault's configuration change in {@code family}; files it needs go to {@code dir}. */
    ExperimentExecutor around(ExperimentExecutor inner, LoadedDataset data, Path dir, Family family) {
        return new Faulty(inner, c -> family.contains(c) ? config.apply(c, data, dir) : c);
    }

    /** A checkpoint of the pre-training model of the run's seed and model, as initialised: nothing trained. */
    private static Path untrained(ExperimentConfig c, LoadedDataset data, Path dir) {
        Path file = dir.resolve("untrained-" + c.model().name() + "-seed-" + c.seed() + ".npz");
        if (Files.isRegularFile(file)) {
            return file;
        }
        ParameterStore store = new ParameterStore(Seeds.of(c.seed(), "init"), DataType.FLOAT);
        if (c.model() instanceof GinConfig g) {
            GinAutoencoder.build(g, store, new SkeletonGraph(data.dataset().layout()), true).close();
        } else {
            MaskedAutoencoder.build(c.sttformer(), store, data.dataset().layout().joints(), true).close();
        }
        try {
            Files.createDirectories(dir);
            Checkpoint.save(file, store, null, new Checkpoint.Meta(Checkpoint.SCHEMA_VERSION, "pretrain", c.sha256(), 0, 0, 0,
                    Double.NaN, List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The data this fault trains on: the labelled training samples' labels shuffled, or the data as it is. */
    LoadedDataset data(LoadedDataset clean) {
        return permute ? new LoadedDataset(new PermutedLabels(clean.dataset(), clean.split().train()), clean.split()) : clean;
    }

    /**
     * Copies the clean run's directories of the experiments this fault cannot change into {@code faultOutput}, where
     * the suite runner finds them finished and skips them. A copied classifier's pre-trained checkpoint is named in
     * its configuration by path, which is rewritten to the copy's, so the configuration is the one planned there.
     */
    void reuse(Path cleanOutput, Path faultOutput, String suite, List<PlannedExperiment> plan, Family family) {
        plan.stream().filter(p -> unaffected.test(p.config().kind()) || !family.contains(p.config()))
                .map(p -> p.config().experiment()).distinct()
                .forEach(e -> copy(cleanOutput.resolve(suite).resolve(e), faultOutput.resolve(suite).resolve(e)));
        if (!Files.isDirectory(faultOutput.resolve(suite))) {
            return;
        }
        try (Stream<Path> files = Files.walk(faultOutput.resolve(suite))) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("config.json")).toList()) {
                Files.writeString(f, Files.readString(f).replace(cleanOutput.toAbsolutePath().toString(),
                        faultOutput.toAbsolutePath().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExperimentConfig withPretrained(ExperimentConfig c, String pretrained) {
        return new ExperimentConfig(c.suite(), c.experiment(), c.kind(), c.seed(), c.dataset(), c.data(), c.model(), c.training(),
                c.labelFraction(), c.subsetSeed(), pretrained, c.threads());
    }

    private static ExperimentConfig withModel(ExperimentConfig c, ModelConfig m) {
        return new ExperimentConfig(c.suite(), c.experiment(), c.kind(), c.seed(), c.dataset(), c.data(), m, c.training(),
                c.labelFraction(), c.subsetSeed(), c.pretrained(), c.threads());
    }

    /** The model trained with nothing masked and the loss on every position; its validation protocol unchanged. */
    static ModelConfig unmasked(ModelConfig m) {
        ModelConfig n = m.withMasking(new MaskingConfig(0, 0));
        return new ModelConfig(n.name(), n.framesPerTuple(), n.inputChannels(), n.heads(), n.temporalKernel(), n.spatialKernel(),
                n.positionalEncoding(), n.inputEmbedding(), n.decoderEmbedding(), n.encoder(), n.decoder(), n.masking(),
                n.validationMasking(), n.latent(), new LossConfig(LossConfig.Positions.ALL, n.loss().reduction(), n.loss().dropEmptyPersons()),
                n.sampling(), n.leakySlope(), n.bnMomentum(), n.bnEpsilon(), n.dropout());
    }

    private static void copy(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("no clean run directory " + from + " to reuse");
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals(".lock")) {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the plan with every configuration passed through a fault first. */
    private record Faulty(ExperimentExecutor inner, UnaryOperator<ExperimentConfig> fault) implements ExperimentExecutor {
        @Override
        public List<ExperimentOutcome> execute(List<PlannedExperiment> plan, Function<PlannedExperiment, ExperimentOutcome> task) {
            List<PlannedExperiment> planted = plan.stream().map(p -> new PlannedExperiment(fault.apply(p.config()), p.dependsOn(),
                    p.method(), p.variant(), p.labelFraction(), p.subsetSeed())).toList();
            return inner.execute(planted, task);
        }

        @Override
        public String describe() {
            return "faulty " + inner.describe();
        }
    }

    /** The dataset with the labels of the given samples shuffled among them (a fixed permutation). */
    private static final class PermutedLabels implements SkeletonDataset {
        private final SkeletonDataset d;
        private final Map<Integer, Integer> label = new HashMap<>();

        PermutedLabels(SkeletonDataset d, int[] samples) {
            this.d = d;
            int[] labels = new int[samples.length];
            for (int i = 0; i < samples.length; i++) {
                labels[i] = d.info(samples[i]).label();
            }
            SplittableRandom rng = new SplittableRandom(42);
            for (int i = labels.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = labels[i];
                labels[i] = labels[j];
                labels[j] = t;
            }
            for (int i = 0; i < samples.length; i++) {
                label.put(samples[i], labels[i]);
            }
        }

        private int labelOf(int i, int original) {
            return label.getOrDefault(i, original);
        }

        @Override public String name() { return d.name(); }
        @Override public JointLayout layout() { return d.layout(); }
        @Override public int persons() { return d.persons(); }
        @Override public List<String> classNames() { return d.classNames(); }
        @Override public int size() { return d.size(); }
        @Override public DataFingerprint fingerprint() { return d.fingerprint(); }
        @Override public List<SkippedFile> skipped() { return d.skipped(); }

        @Override
        public SampleInfo info(int index) {
            SampleInfo s = d.info(index);
            return new SampleInfo(s.name(), labelOf(index, s.label()), s.frames(), s.bodiesInSource(), s.attributes());
        }

        @Override
        public SkeletonSequence get(int index) {
            SkeletonSequence s = d.get(index);
            return new SkeletonSequence(s.name(), labelOf(index, s.label()), s.frames(), s.persons(), s.joints(), s.xyz(),
                    s.bodiesInSource(), s.attributes());
        }
    }
}
