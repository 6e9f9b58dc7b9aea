package org.skelmae.run;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.evaluation.CheckpointEvaluation;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.gin.training.GinClassifierPhase;
import org.skelmae.gin.training.GinPretrainPhase;
import org.skelmae.gin.training.GinRecipes;
import org.skelmae.model.CostModel;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ModelSpec;
import org.skelmae.model.ParameterStore;
import org.skelmae.training.ClassifierPhase;
import org.skelmae.training.ClassifyingPhase;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingConfig;
import org.skelmae.training.TrainingPhase;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What differs between the method families when a run trains or is evaluated: which phases train it,
 * how a classifier checkpoint is scored, and how its size is described. Everything else (the loop,
 * checkpoints, records, suites) is shared.
 */
public final class Families {

    private Families() {
    }

    /** The pre-training phase of the run's family. */
    public static TrainingPhase pretraining(ExperimentConfig cfg, LoadedDataset data) {
        return cfg.graphFamily() ? new GinPretrainPhase(cfg, data) : new PretrainPhase(cfg, data);
    }

    /** The classifier phase (fine-tune, linear probe, from scratch) of the run's family. */
    public static ClassifyingPhase classifying(ExperimentConfig cfg, LoadedDataset data, int[] labelled, Progress progress) {
        return cfg.graphFamily() ? new GinClassifierPhase(cfg, data, labelled, progress) : new ClassifierPhase(cfg, data, labelled, progress);
    }

    /** Scores a classifier checkpoint of the run on samples of its dataset, keeping every sample's logits. */
    public static Evaluator.Scored score(ExperimentConfig cfg, LoadedDataset data, Path checkpoint, int[] indices) {
        return cfg.graphFamily() ? GinClassifierPhase.score(cfg, data, checkpoint, indices)
                : CheckpointEvaluation.score(cfg, data, checkpoint, indices);
    }

    /** Accuracy, top-5, loss, per-class figures and confusion of a classifier checkpoint on samples. */
    public static Evaluation evaluate(ExperimentConfig cfg, LoadedDataset data, Path checkpoint, int[] indices) {
        return score(cfg, data, checkpoint, indices).evaluation(data.dataset().classNames());
    }

    /**
     * The training recipe of a run of {@code model}'s family: the STTFormer family's is {@code base} itself (the
     * suite's or goal's), the graph family's puts its paper's optimiser and schedule on {@code base}'s length,
     * batch and learning rate ({@link GinRecipes}).
     */
    public static TrainingConfig recipe(ModelSpec model, RunKind kind, TrainingConfig base) {
        if (!(model instanceof GinConfig)) {
            return base;
        }
        return kind == RunKind.PRETRAIN ? GinRecipes.pretraining(base) : GinRecipes.finetuning(base);
    }

    /** "model cpu-mae, latent NONE" or "model cpu-gin-mae (graph family), masking regions:right_arm,right_leg". */
    public static String describe(ExperimentConfig cfg) {
        if (cfg.model() instanceof GinConfig g) {
            return "model " + g.name() + " (graph family), masking " + g.masking();
        }
        return "model " + cfg.sttformer().name() + ", latent " + cfg.sttformer().latent().type();
    }

    /**
     * Size figures of the trained model: {@code parameters} always, {@code trainFlopsPerSample} where a cost
     * model exists (the STTFormer family's).
     */
    public static Map<String, Double> size(ExperimentConfig cfg, LoadedDataset data) {
        Map<String, Double> s = new LinkedHashMap<>();
        boolean pre = cfg.kind() == RunKind.PRETRAIN;
        if (cfg.model() instanceof GinConfig g) {
            ParameterStore store = new ParameterStore(0, DataType.FLOAT);
            SkeletonGraph graph = new SkeletonGraph(data.dataset().layout());
            try (ModelGraph m = pre ? GinAutoencoder.build(g, store, graph, false)
                    : GinClassifier.build(g, store, graph, data.dataset().persons(), data.dataset().numClasses(), false)) {
                s.put("parameters", (double) store.params().values().stream().mapToLong(a -> a.length()).sum());
            }
            return s;
        }
        CostModel.Cost cost = CostModel.of(cfg.sttformer(), data.dataset().layout().joints(), data.dataset().persons(),
                data.dataset().numClasses());
        s.put("parameters", (double) (pre ? cost.pretrainParams() : cost.classifierParams()));
        s.put("trainFlopsPerSample", pre ? cost.pretrainTrainFlopsPerSample() : cost.classifierTrainFlopsPerSample());
        return s;
    }
}
