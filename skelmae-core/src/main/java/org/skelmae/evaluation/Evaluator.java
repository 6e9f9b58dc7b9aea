package org.skelmae.evaluation;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.model.Network;
import org.skelmae.model.SkeletonClassifier;

import java.util.List;
import java.util.Map;

/**
 * Runs a classifier's evaluation graph over samples (test views: centre crop, no augmentation). Both
 * families' classifiers name their labels input {@code labels}, their logits {@code logits} and their
 * loss {@code loss}; how they take the coordinates is a {@link ClassifierInputs}.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param graph   an evaluation graph, already synchronised with its store
     * @param indices which samples
     */
    public static Evaluation evaluate(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline,
                                      int batchSize, DataType dtype) {
        return score(graph, d, indices, pipeline, batchSize, dtype).evaluation(d.classNames());
    }

    /** {@link #evaluate} for a classifier that takes its inputs as {@code inputs} makes them. */
    public static Evaluation evaluate(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline,
                                      int batchSize, DataType dtype, ClassifierInputs inputs) {
        return score(graph, d, indices, pipeline, batchSize, dtype, inputs).evaluation(d.classNames());
    }

    /** Per-sample logits and the summed cross-entropy of a pass over samples. */
    public record Scored(Predictions predictions, double lossSum) {

        /** Accuracy, top-5, loss, per-class figures and confusion of these predictions. */
        public Evaluation evaluation(List<String> classNames) {
            int n = predictions.size();
            int[] predicted = new int[n];
            boolean[] top5 = new boolean[n];
            for (int i = 0; i < n; i++) {
                predicted[i] = predictions.predicted(i);
                top5[i] = rank(predictions.logits()[i], predictions.labels()[i]) < 5;
            }
            return Evaluation.of(predictions.labels(), predicted, top5, lossSum, classNames);
        }
    }

    /** Runs an STTFormer-family graph over the samples and keeps every sample's logits. */
    public static Scored score(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline,
                               int batchSize, DataType dtype) {
        return score(graph, d, indices, pipeline, batchSize, dtype, ClassifierInputs.STTFORMER);
    }

    /** Runs a classifier graph that takes its inputs as {@code inputs} makes them over the samples. */
    public static Scored score(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline,
                               int batchSize, DataType dtype, ClassifierInputs inputs) {
        int[] labels = new int[indices.length];
        float[][] scores = new float[indices.length][];
        double[] lossSum = {0};
        passes(graph, d, indices, pipeline, batchSize, dtype, inputs, SkeletonClassifier.LOGITS, (at, b, out, logits) -> {
            lossSum[0] += out.scalars().get(SkeletonClassifier.LOSS) * b.size();
            for (int i = 0; i < b.size(); i++) {
                labels[at + i] = b.labels()[i];
                scores[at + i] = logits[i];
            }
        });
        return new Scored(new Predictions(indices.clone(), labels, scores), lossSum[0]);
    }

    /** Per-sample features of a pass and the samples' labels, in the order of the indices. */
    public record Features(int[] labels, float[][] features) {
    }

    /**
     * Runs a classifier graph that outputs {@link SkeletonClassifier#FEATURES} over the samples and keeps each sample's
     * pooled features.
     */
    public static Features features(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline, int batchSize,
                                    DataType dtype, ClassifierInputs inputs) {
        int[] labels = new int[indices.length];
        float[][] features = new float[indices.length][];
        passes(graph, d, indices, pipeline, batchSize, dtype, inputs, SkeletonClassifier.FEATURES, (at, b, out, f) -> {
            for (int i = 0; i < b.size(); i++) {
                labels[at + i] = b.labels()[i];
                features[at + i] = f[i];
            }
        });
        return new Features(labels, features);
    }

    /** What a pass hands on per batch: its first sample's position, the batch, the step and its output as rows. */
    private interface BatchOutput {
        void accept(int at, Batch batch, Network.Step step, float[][] output);
    }

    /** Evaluation forward passes over the samples in order (test views), with their labels, asking for one output. */
    private static void passes(Network graph, SkeletonDataset d, int[] indices, ClipSampler pipeline, int batchSize,
                               DataType dtype, ClassifierInputs inputs, String output, BatchOutput each) {
        int at = 0;
        try (BatchLoader loader = new BatchLoader(d, indices, batchSize, false, pipeline, 0, 0)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    INDArray y = oneHot(b.labels(), d.numClasses(), dtype);
                    ClassifierInputs.Made made = inputs.of(b.x(), dtype);
                    Map<String, INDArray> ph = new java.util.HashMap<>(made.placeholders());
                    ph.put(SkeletonClassifier.LABELS, y);
                    Network.Step out = graph.forward(ph, List.of(output));
                    made.release().run();
                    each.accept(at, b, out, out.arrays().get(output).castTo(DataType.FLOAT).toFloatMatrix());
                    at += b.size();
                    out.close();
                    y.close();
                }
            }
        }
    }

    /** One-hot rows for labels. */
    public static INDArray oneHot(int[] labels, int classes, DataType dtype) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            v[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(v, new long[]{labels.length, classes}, 'c').castTo(dtype);
    }

    /** Index of the largest value (the first on ties). */
    public static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** How many scores beat the label's score (ties count against it). */
    static int rank(float[] a, int label) {
        int r = 0;
        for (int i = 0; i < a.length; i++) {
            if (i != label && a[i] >= a[label]) {
                r++;
            }
        }
        return r;
    }
}
