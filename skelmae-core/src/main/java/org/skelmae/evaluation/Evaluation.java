package org.skelmae.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Classification quality on one set of samples.
 *
 * @param samples        samples evaluated
 * @param top1           share whose highest-scoring class is the label
 * @param top5           share whose label is among the five highest scores
 * @param loss           mean cross-entropy
 * @param perClass       accuracy per class label (NaN-free: classes without samples are absent, see support)
 * @param support        samples per class label
 * @param confusion      confusion[true][predicted] counts
 * @param classNames     class names by label
 */
@JsonPropertyOrder({"samples", "top1", "top5", "loss", "perClass", "support", "classNames", "confusion"})
public record Evaluation(int samples, double top1, double top5, double loss, double[] perClass, int[] support,
                         int[][] confusion, List<String> classNames) {

    /** Builds the evaluation from per-sample labels, predictions and top-5 hits. */
    public static Evaluation of(int[] labels, int[] predicted, boolean[] inTop5, double lossSum, List<String> classNames) {
        int k = classNames.size();
        int[][] confusion = new int[k][k];
        int[] support = new int[k];
        int correct = 0;
        int top5 = 0;
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][predicted[i]]++;
            support[labels[i]]++;
            if (labels[i] == predicted[i]) {
                correct++;
            }
            if (inTop5[i]) {
                top5++;
            }
        }
        double[] perClass = new double[k];
        for (int c = 0; c < k; c++) {
            perClass[c] = support[c] == 0 ? 0 : confusion[c][c] / (double) support[c];
        }
        int n = labels.length;
        return new Evaluation(n, n == 0 ? 0 : correct / (double) n, n == 0 ? 0 : top5 / (double) n,
                n == 0 ? 0 : lossSum / n, perClass, support, confusion, List.copyOf(classNames));
    }

    /** Mean of the per-class accuracies over classes that have samples. */
    @JsonIgnore
    public double balancedAccuracy() {
        double s = 0;
        int c = 0;
        for (int i = 0; i < perClass.length; i++) {
            if (support[i] > 0) {
                s += perClass[i];
                c++;
            }
        }
        return c == 0 ? 0 : s / c;
    }
}
