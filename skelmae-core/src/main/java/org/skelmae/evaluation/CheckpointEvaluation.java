package org.skelmae.evaluation;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.engine.Engine;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.RunKind;
import org.skelmae.training.Checkpoint;

import java.nio.file.Path;

/** Evaluates a saved classifier checkpoint of an STTFormer-family run on any samples of its dataset. */
public final class CheckpointEvaluation {

    private CheckpointEvaluation() {
    }

    /**
     * @param cfg        the run's configuration (its config.json)
     * @param checkpoint a classifier checkpoint of that run
     * @param indices    the samples to evaluate
     */
    public static Evaluation evaluate(ExperimentConfig cfg, LoadedDataset data, Path checkpoint, int[] indices) {
        return score(cfg, data, checkpoint, indices).evaluation(data.dataset().classNames());
    }

    /** Like {@link #evaluate}, keeping every sample's logits. */
    public static Evaluator.Scored score(ExperimentConfig cfg, LoadedDataset data, Path checkpoint, int[] indices) {
        if (cfg.kind() == RunKind.PRETRAIN || cfg.kind() == RunKind.COST) {
            throw new ConfigurationException(checkpoint + " belongs to a " + cfg.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " run, which has no classifier: evaluate a finetune, linprobe or scratch checkpoint");
        }
        ParameterStore store = new ParameterStore(0, DataType.FLOAT);
        Network eval = Engine.selected().classifier(cfg.sttformer(), store, data.dataset().layout().joints(), data.dataset().persons(),
                data.dataset().numClasses(), false, cfg.kind() == RunKind.LINPROBE);
        Checkpoint.restore(checkpoint, store, null, cfg.sha256());
        eval.syncFromStore();
        try {
            return Evaluator.score(eval, data.dataset(), indices, new SamplePipeline(cfg.sttformer().sampling()),
                    cfg.training().batchSize(), DataType.FLOAT);
        } finally {
            eval.close();
        }
    }
}
