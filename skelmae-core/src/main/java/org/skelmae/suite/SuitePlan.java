package org.skelmae.suite;

import org.skelmae.latent.LatentType;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.Presets;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.Commands;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.Families;
import org.skelmae.run.ModelSpecs;
import org.skelmae.run.RunDirectory;
import org.skelmae.run.RunKind;
import org.skelmae.run.Threads;
import org.skelmae.training.TrainingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A suite expanded into experiments, in an order where every pre-training comes before the fine-tunes
 * that start from its best checkpoint. Pre-training runs once per method, variant and seed and is shared
 * by all its fine-tune variants.
 *
 * @param suite       the suite as declared
 * @param dataset     resolved dataset
 * @param data        resolved data location (may be null)
 * @param preset      resolved preset family
 * @param experiments planned experiments
 */
public record SuitePlan(Suite suite, String dataset, String data, String preset, List<PlannedExperiment> experiments) {

    /**
     * @param output root of the run directories (fine-tunes refer to checkpoints under it)
     * @param dataset the dataset after resolving "auto"
     */
    public static SuitePlan of(Suite s, SuiteOverrides o, Path output, String dataset) {
        String data = o.data();
        String preset = o.preset() != null ? o.preset() : s.preset();
        List<Long> seeds = o.seeds() != null && !o.seeds().isEmpty() ? o.seeds() : s.seeds();
        int preEpochs = o.pretrainEpochs() != null ? o.pretrainEpochs() : o.epochs() != null ? o.epochs() : s.pretrainEpochs();
        int ftEpochs = o.finetuneEpochs() != null ? o.finetuneEpochs() : o.epochs() != null ? o.epochs() : s.finetuneEpochs();
        int batch = o.batchSize() != null ? o.batchSize() : s.batchSize();
        double lr = o.learningRate() != null ? o.learningRate() : 0;
        int threads = Threads.resolve(o.threads());
        TrainingConfig base = TrainingConfig.paper().withBatchSize(batch).withLearningRate(lr).withSchedule(
                TrainingConfig.fraction(s.warmupEpochs()), TrainingConfig.fractions(o.milestones() != null ? o.milestones() : s.milestones()));
        TrainingConfig pretraining = base.withEpochs(preEpochs)
                .withMinSteps(o.minSteps() != null ? o.minSteps() : s.minPretrainSteps());
        TrainingConfig classifying = base.withEpochs(ftEpochs)
                .withMinSteps(o.minSteps() != null ? o.minSteps() : s.minFinetuneSteps());
        // the suite's rate for fine-tunes and scratch controls (probes keep theirs); a command-line rate sets every phase
        double finetuneRate = o.learningRate() == null ? s.finetuneLearningRate() : 0;
        List<Variant> variants = s.variants().isEmpty() ? java.util.Collections.singletonList(null) : s.variants();
        List<PlannedExperiment> out = new ArrayList<>();
        for (long seed : seeds) {
            for (Method m : s.methods()) {
                for (Variant v : variants) {
                    ModelSpec model = model(preset, m, v);
                    String stem = m.id() + (v == null ? "" : "-" + v.name());
                    if (s.cost()) {
                        if (m.graph()) {
                            throw new ConfigurationException("suite " + s.name() + ": cost measurements cover the STTFormer family"
                                    + " only; remove " + m.id() + " from its methods");
                        }
                        out.add(new PlannedExperiment(new ExperimentConfig(s.name(), stem + "-cost", RunKind.COST, seed, dataset,
                                data, model, base.withEpochs(1), 1, 0, null, threads), List.of(), m, v == null ? null : v.name(), 1, 0));
                        continue;
                    }
                    ExperimentConfig pre = new ExperimentConfig(s.name(), stem + "-pretrain", RunKind.PRETRAIN, seed, dataset,
                            data, model, Families.recipe(model, RunKind.PRETRAIN, pretraining), 1, 0, null, threads);
                    out.add(new PlannedExperiment(pre, List.of(), m, v == null ? null : v.name(), 1, 0));
                    String checkpoint = RunDirectory.of(output, pre).resolve("checkpoints").resolve("best.npz")
                            .toAbsolutePath().normalize().toString();
                    for (RunKind kind : List.of(RunKind.FINETUNE, RunKind.LINPROBE)) {
                        if (kind == RunKind.FINETUNE ? !s.finetune() : !s.linprobe()) {
                            continue;
                        }
                        for (Fraction f : fractions(s)) {
                            ExperimentConfig c = new ExperimentConfig(s.name(), stem + "-" + kind.name().toLowerCase(Locale.ROOT)
                                    + f.suffix(), kind, seed, dataset, data, model, classifierTraining(model, kind, classifying, finetuneRate),
                                    f.value(), f.seed(), checkpoint, threads);
                            out.add(new PlannedExperiment(c, List.of(PlannedExperiment.id(pre.experiment(), seed)), m,
                                    v == null ? null : v.name(), f.value(), f.seed()));
                        }
                    }
                }
            }
            if (s.scratch() && !s.cost() && (s.methods().isEmpty() || s.methods().stream().anyMatch(m -> !m.graph()))) {
                ModelConfig model = sttformer(preset, Method.MAE, null).withName(preset + "-scratch");
                List<Double> rates = scratchRates(s, preset, classifying, finetuneRate);
                for (double rate : rates) {
                    // the first control keeps the plain name; one per other fine-tuning rate is named by its rate
                    TrainingConfig training = atRate(classifying, LatentType.NONE, rate);
                    String name = rate == rates.get(0) ? "scratch"
                            : "scratch-lr" + java.math.BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
                    for (Fraction f : fractions(s)) {
                        ExperimentConfig c = new ExperimentConfig(s.name(), name + f.suffix(), RunKind.SCRATCH, seed, dataset,
                                data, model, training, f.value(), f.seed(), null, threads);
                        out.add(new PlannedExperiment(c, List.of(), null, null, f.value(), f.seed()));
                    }
                }
            }
            if (s.scratch() && !s.cost() && s.methods().stream().anyMatch(Method::graph)) {
                // the graph family's control: its classifier from random weights, at its own recipe
                ModelSpec model = ((GinConfig) model(preset, Method.GIN_MAE, null)).withName(preset + "-gin-scratch");
                for (Fraction f : fractions(s)) {
                    ExperimentConfig c = new ExperimentConfig(s.name(), "gin-scratch" + f.suffix(), RunKind.SCRATCH, seed, dataset,
                            data, model, Families.recipe(model, RunKind.SCRATCH, classifying), f.value(), f.seed(), null, threads);
                    out.add(new PlannedExperiment(c, List.of(), null, null, f.value(), f.seed()));
                }
            }
        }
        return new SuitePlan(s, dataset, data, preset, List.copyOf(out));
    }

    /**
     * The training of a fine-tune or probe: the graph family's recipe for its models; for the STTFormer family the
     * suite's fine-tuning rate on fine-tunes (the graph family keeps its SGD recipe's rate, which the STTFormer
     * family's Adam rates do not fit).
     */
    private static TrainingConfig classifierTraining(ModelSpec model, RunKind kind, TrainingConfig classifying, double finetuneRate) {
        if (model instanceof ModelConfig m) {
            return kind == RunKind.FINETUNE ? atRate(classifying, m.latent().type(), finetuneRate) : classifying;
        }
        return Families.recipe(model, kind, classifying);
    }

    /**
     * The command that runs this plan again, rendered from its resolved values (every one written out, so
     * a changed suite default cannot change what it runs), into the same output folder.
     *
     * @param suiteRef       the suite's name, or the absolute path of its JSON file
     * @param output         root of the run directories
     * @param dataProperties data options that shape the arrays (see LoadOptions#commandProperties)
     */
    public String command(String suiteRef, Path output, java.util.Map<String, String> dataProperties) {
        StringBuilder sb = Commands.mvn("skelmae:benchmark");
        Commands.property(sb, "suite", suiteRef);
        Commands.property(sb, "skelmae.dataset", dataset);
        Commands.property(sb, "skelmae.data", data);
        Commands.property(sb, "skelmae.preset", preset);
        Commands.property(sb, "skelmae.seeds", String.join(",", experiments.stream().map(p -> Long.toString(p.config().seed()))
                .distinct().toList()));
        experiments.stream().filter(p -> p.config().kind() == RunKind.PRETRAIN).findFirst()
                .ifPresent(p -> Commands.property(sb, "skelmae.pretrainEpochs", p.config().training().epochs()));
        experiments.stream().filter(p -> p.config().kind() != RunKind.PRETRAIN && p.config().kind() != RunKind.COST).findFirst()
                .ifPresent(p -> Commands.property(sb, "skelmae.finetuneEpochs", p.config().training().epochs()));
        if (!experiments.isEmpty()) {
            ExperimentConfig c = experiments.get(0).config();
            Commands.property(sb, "skelmae.batchSize", c.training().batchSize());
            if (c.training().learningRate() > 0) {
                Commands.property(sb, "skelmae.learningRate", c.training().learningRate());
            }
            // milestones are given at the 200-epoch reference on the command line
            Commands.property(sb, "skelmae.milestones", String.join(",", c.training().decays().stream()
                    .map(d -> Long.toString(Math.round(d * TrainingConfig.REFERENCE_EPOCHS))).toList()));
            Commands.property(sb, "skelmae.threads", c.threads());
            List<Integer> minSteps = experiments.stream().filter(p -> p.config().kind() != RunKind.COST)
                    .map(p -> p.config().training().minSteps()).distinct().toList();
            if (minSteps.size() == 1) {
                // one value for every phase can be given on the command line; per-phase values come from the suite file
                Commands.property(sb, "skelmae.minSteps", minSteps.get(0));
            }
        }
        Commands.property(sb, "skelmae.outputDirectory", output.toAbsolutePath().normalize().toString());
        dataProperties.forEach((k, v) -> Commands.property(sb, k, v));
        Commands.engine(sb);
        return sb.toString();
    }

    /**
     * The learning rates of the from-scratch controls: the control's default first (it stands beside linear
     * probes), then every other base rate a fine-tune of the suite trains at, so that each fine-tune has a
     * control that differs from it only in the encoder's initialisation. (With the paper's recipes an MVQVAE
     * fine-tune trains at 1e-2 and the others at 1e-3; against a 1e-3 control its difference would measure the
     * learning rate as much as pre-training.)
     */
    static List<Double> scratchRates(Suite s, String preset, TrainingConfig classifying, double finetuneRate) {
        java.util.Set<Double> rates = new java.util.LinkedHashSet<>();
        rates.add(atRate(classifying, LatentType.NONE, finetuneRate).baseLearningRate(LatentType.NONE));
        if (s.finetune()) {
            for (Method m : s.methods()) {
                if (m.graph()) {
                    continue;
                }
                for (Variant v : s.variants().isEmpty() ? java.util.Collections.<Variant>singletonList(null) : s.variants()) {
                    LatentType latent = sttformer(preset, m, v).latent().type();
                    rates.add(atRate(classifying, latent, finetuneRate).baseLearningRate(latent));
                }
            }
        }
        return List.copyOf(rates);
    }

    /**
     * {@code t} training at {@code rate} (0: unchanged). The rate is written into the configuration only where it
     * differs from what {@code t} gives the latent, so a run whose rate a suite merely restates keeps its
     * configuration, hash and run directory.
     */
    private static TrainingConfig atRate(TrainingConfig t, LatentType latent, double rate) {
        return rate <= 0 || rate == t.baseLearningRate(latent) ? t : t.withLearningRate(rate);
    }

    /** The preset of a method in a preset family ({@code cpu}: {@code cpu-mae}, {@code cpu-gin-mae}), with the variant applied. */
    static ModelSpec model(String family, Method m, Variant v) {
        if (m.graph()) {
            if (family.endsWith(".json")) {
                throw new ConfigurationException("a suite preset given as a file (" + family + ") is an STTFormer-family model;"
                        + " the graph family takes its models from the named preset families (paper, cpu, tiny)");
            }
            GinConfig base = (GinConfig) ModelSpecs.preset(family + "-" + m.id());
            return v == null ? base : v.apply(base);
        }
        return sttformer(family, m, v);
    }

    /** The STTFormer-family preset of a method, with the variant applied. */
    static ModelConfig sttformer(String family, Method m, Variant v) {
        ModelConfig base = family.endsWith(".json") ? Presets.load(family) : Presets.load(family + "-" + m.id());
        if (base.latent().type() != m.latent()) {
            base = base.withLatent(org.skelmae.latent.LatentConfig.of(m.latent()));
        }
        return v == null ? base : v.apply(base);
    }

    private record Fraction(double value, long seed) {
        String suffix() {
            String pct = value == 1 ? "100" : new java.math.BigDecimal(value * 100).stripTrailingZeros().toPlainString();
            return "-" + pct + "pct" + (value < 1 ? "-subset" + seed : "");
        }
    }

    private static List<Fraction> fractions(Suite s) {
        List<Fraction> f = new ArrayList<>();
        for (double v : s.labelFractions()) {
            if (v >= 1) {
                f.add(new Fraction(1, 0));
            } else {
                for (long seed : s.subsetSeeds()) {
                    f.add(new Fraction(v, seed));
                }
            }
        }
        return f;
    }
}
