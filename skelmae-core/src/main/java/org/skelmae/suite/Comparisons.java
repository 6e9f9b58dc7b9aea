package org.skelmae.suite;

import org.skelmae.evaluation.Predictions;
import org.skelmae.run.RunKind;
import org.skelmae.run.RunResult;
import org.skelmae.stats.ConfidenceInterval;
import org.skelmae.stats.PairedBootstrap;
import org.skelmae.stats.PairedDifference;
import org.skelmae.stats.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The comparisons of a suite, on the last-epoch value of the primary metric (the honest headline):
 * <ol>
 *   <li>every pre-trained classification group against the from-scratch group of its method family at the same
 *       label fraction: a
 *       fine-tune against the control trained at its learning rate, so that the two differ only in how the
 *       encoder started (a fine-tune with no such control gets no comparison to scratch), a linear probe against
 *       the suite's first control (frozen features against full supervised training, the usual reading of a
 *       probe), and</li>
 *   <li>within one kind, variant and label fraction, every later method against the first method of the suite
 *       (e.g. MVAE − MAE, MVQVAE − MAE).</li>
 * </ol>
 * Runs are paired by (seed, subset seed); only pairs present on both sides count. Two or more pairs give a
 * paired t interval over seeds; a single pair gives a paired bootstrap over the test samples when the runs'
 * per-sample predictions are available, else no interval ("not enough runs"). When every pair made the same
 * predictions, logit for logit, the verdict is {@link Verdict#IDENTICAL} whatever the interval: the two groups ran
 * the same computation (a fine-tune that did not load its pre-trained encoder is its from-scratch control
 * run again, seed for seed). Pre-training groups are not
 * compared: their validation loss includes each latent's own term (KL, codebook), so it is not comparable
 * across methods.
 */
public final class Comparisons {

    /** The interval label of a group pair with no interval. */
    static final String NO_INTERVAL = "none";

    private Comparisons() {
    }

    /**
     * All comparisons of a suite's outcomes.
     *
     * @param outcomes    every experiment's outcome, in plan order (the order of first appearance fixes the "first method")
     * @param predictions a successful run's last-epoch test predictions, or null when unavailable; they give the interval
     *                    of a group with a single pair and tell identical groups apart from merely close ones
     */
    public static List<Comparison> of(List<ExperimentOutcome> outcomes, Function<ExperimentOutcome, Predictions> predictions) {
        Map<String, List<ExperimentOutcome>> groups = SuiteResult.groups(outcomes);
        Set<Method> methodOrder = new LinkedHashSet<>();
        outcomes.stream().map(o -> o.experiment().method()).filter(Objects::nonNull).forEach(methodOrder::add);
        List<Comparison> out = new ArrayList<>();
        groups.forEach((g, list) -> {
            PlannedExperiment p = list.get(0).experiment();
            if (pretrained(p)) {
                groups.entrySet().stream().filter(e -> control(p, e.getValue().get(0).experiment())).findFirst()
                        .ifPresent(s -> out.add(compare(g, list, s.getKey(), s.getValue(), predictions)));
            }
        });
        groups.forEach((g, list) -> {
            PlannedExperiment p = list.get(0).experiment();
            if (!pretrained(p)) {
                return;
            }
            // the reference is the earliest method of the suite that has a group in the same cell
            for (Method m : methodOrder) {
                if (m == p.method()) {
                    return;
                }
                for (Map.Entry<String, List<ExperimentOutcome>> e : groups.entrySet()) {
                    PlannedExperiment q = e.getValue().get(0).experiment();
                    if (q.method() == m && q.config().kind() == p.config().kind() && Objects.equals(q.variant(), p.variant())
                            && q.labelFraction() == p.labelFraction()) {
                        out.add(compare(g, list, e.getKey(), e.getValue(), predictions));
                        return;
                    }
                }
            }
        });
        return out;
    }

    /** Whether {@code q} is the from-scratch control of the pre-trained group {@code p} (see the class comment). */
    private static boolean control(PlannedExperiment p, PlannedExperiment q) {
        return q.config().kind() == RunKind.SCRATCH && q.labelFraction() == p.labelFraction()
                && q.config().graphFamily() == p.config().graphFamily()
                && (p.config().kind() != RunKind.FINETUNE || q.config().baseLearningRate() == p.config().baseLearningRate());
    }

    private static boolean pretrained(PlannedExperiment p) {
        RunKind k = p.config().kind();
        return p.method() != null && (k == RunKind.FINETUNE || k == RunKind.LINPROBE);
    }

    static Comparison compare(String a, List<ExperimentOutcome> as, String b, List<ExperimentOutcome> bs,
                              Function<ExperimentOutcome, Predictions> predictions) {
        Map<String, ExperimentOutcome> bySeed = new LinkedHashMap<>();
        for (ExperimentOutcome o : bs) {
            if (o.status() == ExperimentOutcome.Status.OK) {
                bySeed.putIfAbsent(pairKey(o), o);
            }
        }
        List<ExperimentOutcome[]> pairs = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (ExperimentOutcome o : as) {
            ExperimentOutcome other = bySeed.get(pairKey(o));
            if (o.status() == ExperimentOutcome.Status.OK && other != null && used.add(pairKey(o))) {
                pairs.add(new ExperimentOutcome[]{o, other});
            }
        }
        RunResult.Metric metric = firstMetric(as, bs);
        String name = metric == null ? "" : metric.name();
        boolean higher = metric == null || metric.higherIsBetter();
        int n = pairs.size();
        if (n == 0) {
            return new Comparison(a, b, name, higher, NO_INTERVAL + ": no run present in both", 0, Double.NaN, Double.NaN, Double.NaN,
                    Verdict.NOT_ENOUGH_RUNS);
        }
        boolean identical = identical(pairs, predictions);
        if (n == 1) {
            ExperimentOutcome[] p = pairs.get(0);
            Predictions pa = predictions.apply(p[0]);
            Predictions pb = predictions.apply(p[1]);
            // predictions on different test sets cannot be paired sample by sample
            if (pa == null || pb == null || !Arrays.equals(pa.samples(), pb.samples()) || pa.size() == 0) {
                double d = p[0].result().primary().last() - p[1].result().primary().last();
                return new Comparison(a, b, name, higher, NO_INTERVAL + ": 1 pair and no per-sample predictions", 1, d, Double.NaN,
                        Double.NaN, Verdict.NOT_ENOUGH_RUNS);
            }
            ConfidenceInterval ci = PairedBootstrap.ci95(pa.correct(), pb.correct());
            return new Comparison(a, b, name, higher, "paired bootstrap over " + pa.size() + " test samples", 1, ci.estimate(),
                    ci.low(), ci.high(), identical ? Verdict.IDENTICAL : Verdict.of(ci.low(), ci.high(), higher));
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pairs.get(i)[0].result().primary().last();
            y[i] = pairs.get(i)[1].result().primary().last();
        }
        PairedDifference d = PairedDifference.of(x, y);
        return new Comparison(a, b, name, higher, "paired t over " + n + " seeds", n, d.mean(), d.low(), d.high(),
                identical ? Verdict.IDENTICAL : d.verdict(higher));
    }

    /** Whether every pair's two runs predicted the same logits for the same test samples (false when any is unknown). */
    private static boolean identical(List<ExperimentOutcome[]> pairs, Function<ExperimentOutcome, Predictions> predictions) {
        for (ExperimentOutcome[] p : pairs) {
            Predictions pa = predictions.apply(p[0]);
            Predictions pb = predictions.apply(p[1]);
            if (pa == null || pb == null || !Arrays.equals(pa.samples(), pb.samples()) || !Arrays.deepEquals(pa.logits(), pb.logits())) {
                return false;
            }
        }
        return !pairs.isEmpty();
    }

    private static String pairKey(ExperimentOutcome o) {
        return o.experiment().config().seed() + "/" + o.experiment().subsetSeed();
    }

    private static RunResult.Metric firstMetric(List<ExperimentOutcome> as, List<ExperimentOutcome> bs) {
        for (List<ExperimentOutcome> l : List.of(as, bs)) {
            for (ExperimentOutcome o : l) {
                if (o.status() == ExperimentOutcome.Status.OK) {
                    return o.result().primary();
                }
            }
        }
        return null;
    }
}
