package org.skelmae.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.gin.training.GinInputs;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.training.ClassifierPhase;

import java.util.HashMap;
import java.util.Map;

/**
 * The graph family's benchmark cases: its pre-training or fine-tuning graph with the inputs its training
 * phases make (masked regions, dropout masks, every person-frame for the classifier), on the same synthetic
 * 25-joint, 2-person batch as the STTFormer cases, so their step times stand side by side.
 */
final class GraphFamilyCase {

    private GraphFamilyCase() {
    }

    static PreparedCase prepare(String preset, GinConfig gc, String mode, int batch, LoadedDataset d) {
        Batch b;
        try (BatchLoader l = new BatchLoader(d.dataset(), d.split().train(), batch, true, GinInputs.sampling(gc), 7, 0)) {
            b = l.next();
        }
        INDArray x = b.x().castTo(DataType.FLOAT);
        ParameterStore store = new ParameterStore(3, DataType.FLOAT);
        SkeletonGraph graph = new SkeletonGraph(d.dataset().layout());
        int classes = d.dataset().numClasses();
        int persons = d.dataset().persons();
        switch (mode) {
            case "pretrain" -> {
                boolean[][] masks = GinInputs.masks(gc, GinInputs.regions(gc, d.dataset().layout()), graph.nodes(),
                        b.indices(), 1, 0);
                GraphBatch gb = GinInputs.pretrainBatch(gc, x, masks, 5, true);
                ModelGraph g = GinAutoencoder.build(gc, store, graph, true);
                return PreparedCase.ofGraphFamily(preset, mode, batch, gc, store, g, gb.placeholders(), gb.rows());
            }
            case "finetune", "inference" -> {
                boolean train = mode.equals("finetune");
                GraphBatch gb = new GraphBatch(x, null, true, DataType.FLOAT);
                Map<String, INDArray> ph = new HashMap<>(gb.placeholders());
                ph.put(GinClassifier.LABELS, Evaluator.oneHot(b.labels(), classes, DataType.FLOAT));
                if (train && gc.headDropout() > 0) {
                    ph.put(GinClassifier.DROPOUT_MASK, ClassifierPhase.dropoutMask(batch, gc.embedding(), gc.headDropout(), 5));
                }
                ModelGraph g = GinClassifier.build(gc, store, graph, persons, classes, train);
                return PreparedCase.ofGraphFamily(preset, mode, batch, gc, store, g, ph, (long) batch * persons);
            }
            default -> throw new ConfigurationException("mode must be pretrain, finetune or inference, got " + mode);
        }
    }
}
