package org.skelmae.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.evaluation.ClassifierInputs;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.model.Network;
import org.skelmae.model.SkeletonClassifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics every classifier phase reports, whatever its family: the epoch's training loss and top-1
 * from the steps' outputs, and after each epoch test top-1, top-5 and loss and the held-out slice's
 * top-1 in evaluation mode. Both families' classifiers name their outputs {@code logits} and {@code loss}.
 */
public final class ClassifierMetrics {

    private double lossSum;
    private long correct;

    /** Takes a step's logits and loss into the epoch's training figures. */
    public void observe(Batch b, Network.Step s) {
        double[][] logits = s.arrays().get(SkeletonClassifier.LOGITS).toDoubleMatrix();
        for (int i = 0; i < b.size(); i++) {
            if (Evaluator.argmax(logits[i]) == b.labels()[i]) {
                correct++;
            }
        }
        lossSum += s.scalars().get(SkeletonClassifier.LOSS);
    }

    /** The scalars of a progress line. */
    public static Map<String, Double> logged(Network.Step s) {
        return Map.of("loss", s.scalars().get(SkeletonClassifier.LOSS));
    }

    /** The epoch's mean loss and top-1 over {@code steps} steps and {@code samples} samples; starts the next epoch's. */
    public Map<String, Double> endEpoch(int steps, long samples) {
        Map<String, Double> means = new LinkedHashMap<>();
        means.put("loss", lossSum / steps);
        means.put("top1", correct / (double) samples);
        lossSum = 0;
        correct = 0;
        return means;
    }

    /** Test top-1, top-5 and loss, and the held-out slice's top-1 when there is one. */
    public static Map<String, Double> validate(Network eval, LoadedDataset data, int[] heldOut, ClipSampler pipeline,
                                               int batchSize, ClassifierInputs inputs) {
        Evaluation test = Evaluator.evaluate(eval, data.dataset(), data.split().test(), pipeline, batchSize, DataType.FLOAT, inputs);
        Map<String, Double> validation = new LinkedHashMap<>();
        validation.put("test.top1", test.top1());
        validation.put("test.top5", test.top5());
        validation.put("test.loss", test.loss());
        if (heldOut.length > 0) {
            validation.put("heldOut.top1", Evaluator.evaluate(eval, data.dataset(), heldOut, pipeline, batchSize, DataType.FLOAT,
                    inputs).top1());
        }
        return validation;
    }
}
