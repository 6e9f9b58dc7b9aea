package org.skelmae.evaluation;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.SkeletonClassifier;

import java.util.List;
import java.util.Map;

/** Runs a classifier's evaluation graph over samples (test views: centre crop, no augmentation). */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param graph   an evaluation graph, already synchronised with its store
     * @param indices which samples
     */
    public static Evaluation evaluate(ModelGraph graph, SkeletonDataset d, int[] indices, SamplePipeline pipeline,
                                      int batchSize, DataType dtype) {
        int n = indices.length;
        int[] labels = new int[n];
        int[] predicted = new int[n];
        boolean[] top5 = new boolean[n];
        double lossSum = 0;
        int k = d.numClasses();
        int at = 0;
        try (BatchLoader loader = new BatchLoader(d, indices, batchSize, false, pipeline, 0, 0)) {
            while (loader.hasNext()) {
                try (Batch b = loader.next()) {
                    INDArray y = oneHot(b.labels(), k, dtype);
                    ModelGraph.Step out = graph.forward(Map.of(SkeletonClassifier.X, b.x().castTo(dtype), SkeletonClassifier.LABELS, y),
                            List.of(SkeletonClassifier.LOGITS));
                    double[][] logits = out.arrays().get(SkeletonClassifier.LOGITS).toDoubleMatrix();
                    lossSum += out.scalars().get(SkeletonClassifier.LOSS) * b.size();
                    for (int i = 0; i < b.size(); i++) {
                        labels[at] = b.labels()[i];
                        predicted[at] = argmax(logits[i]);
                        top5[at] = rank(logits[i], b.labels()[i]) < 5;
                        at++;
                    }
                    out.close();
                    y.close();
                }
            }
        }
        return Evaluation.of(labels, predicted, top5, lossSum, d.classNames());
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
    static int rank(double[] a, int label) {
        int r = 0;
        for (int i = 0; i < a.length; i++) {
            if (i != label && a[i] >= a[label]) {
                r++;
            }
        }
        return r;
    }
}
