package org.skelmae.run;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.ClipSampler;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.model.CostModel;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.training.ClassifierPhase;
import org.skelmae.training.Optimizer;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingConfig;
import org.skelmae.training.TrainingPhase;
import org.skelmae.training.TrainingStep;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's Table 8 for one method, measured here: parameters and FLOPs from the cost model, and
 * measured milliseconds per pre-training step, fine-tuning step and inference batch (median of several
 * after warm-up), the time per epoch they imply for this dataset, activation memory per step and the
 * process's peak resident memory.
 */
final class CostMeasurement {

    private static final int WARMUP = 2;
    private static final int MEASURED = 5;

    private CostMeasurement() {
    }

    static RunResult measure(ExperimentConfig cfg, LoadedDataset data, Progress progress) {
        ModelConfig mc = cfg.sttformer();
        int joints = data.dataset().layout().joints();
        int persons = data.dataset().persons();
        int classes = data.dataset().numClasses();
        int batch = Math.min(cfg.training().batchSize(), data.split().train().length);
        CostModel.Cost cost = CostModel.of(mc, joints, persons, classes);
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("pretrain.parameters", (double) cost.pretrainParams());
        s.put("classifier.parameters", (double) cost.classifierParams());
        s.put("pretrain.gflopsPerSample", cost.pretrainTrainFlopsPerSample() / 1e9);
        s.put("finetune.gflopsPerSample", cost.classifierTrainFlopsPerSample() / 1e9);
        s.put("inference.gflopsPerSample", cost.classifierForwardFlopsPerSample() / 1e9);
        int itsPerEpoch = Math.max(1, data.split().train().length / batch);

        // the steps a training run takes (same inputs, same TrainingStep), timed over a few batches
        PretrainPhase pre = new PretrainPhase(cfg, data);
        ClassifierPhase cls = new ClassifierPhase(cfg, data, data.split().train(), progress);
        try (pre; cls) {
            double preMs = median(time(data, batch, pre.model().pipeline(), cfg.seed(), stepOf(cfg, pre)));
            s.put("pretrain.msPerIteration", preMs);
            s.put("pretrain.secondsPerEpoch", preMs * itsPerEpoch / 1000);
            s.put("pretrain.activationBytes", (double) pre.model().train().workingSetBytes());
            s.put("pretrain.achievedGflops", cost.pretrainTrainFlopsPerSample() * batch / (preMs / 1000) / 1e9);

            double ftMs = median(time(data, batch, cls.model().pipeline(), cfg.seed(), stepOf(cfg, cls)));
            s.put("finetune.msPerIteration", ftMs);
            s.put("finetune.secondsPerEpoch", ftMs * itsPerEpoch / 1000);
            s.put("finetune.activationBytes", (double) cls.model().train().workingSetBytes());
            s.put("finetune.achievedGflops", cost.classifierTrainFlopsPerSample() * batch / (ftMs / 1000) / 1e9);
            Network eval = cls.model().eval();
            eval.syncFromStore();
            double infMs = median(time(data, batch, cls.model().pipeline(), cfg.seed(), b -> {
                INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
                eval.forward(Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, y), List.of()).close();
                y.close();
            }));
            s.put("inference.msPerBatch", infMs);
        }
        s.put("batchSize", (double) batch);
        s.put("peakResidentBytes", (double) peakResident());
        progress.info(String.format(Locale.ROOT, "[%s] cost: %.2f M params (pre-training), %.1f GFLOP/sample, %.0f ms/step pre-training, "
                        + "%.0f ms/step fine-tuning, %.0f ms/batch inference at batch %d, %.1f s/epoch pre-training",
                cfg.tag(), cost.pretrainParams() / 1e6, cost.pretrainTrainFlopsPerSample() / 1e9, s.get("pretrain.msPerIteration"),
                s.get("finetune.msPerIteration"), s.get("inference.msPerBatch"), batch,
                s.get("pretrain.secondsPerEpoch")));
        RunResult.Metric primary = new RunResult.Metric("pretrain.secondsPerEpoch", false, s.get("pretrain.secondsPerEpoch"), 0,
                s.get("pretrain.secondsPerEpoch"), Double.NaN, 0);
        return new RunResult(RunResult.SCHEMA_VERSION, cfg.suite(), cfg.experiment(), cfg.kind(), cfg.seed(), cfg.dataset(),
                "synthetic".equals(data.dataset().name()), cfg.sha256(), primary, s, null, null, List.of(), 0, null);
    }

    /** One optimiser step of {@code phase} per batch, as its training run takes it. */
    private static java.util.function.Consumer<Batch> stepOf(ExperimentConfig cfg, TrainingPhase phase) {
        TrainingConfig tc = cfg.training();
        TrainingStep step = new TrainingStep(phase.model().train(), phase.model().store(), phase.model().trainable(),
                Optimizer.of(tc), cfg.model().bnMomentum());
        long[] count = {0};
        return b -> {
            try (TrainingPhase.Inputs in = phase.inputs(b, count[0]++)) {
                step.run(in.placeholders(), in.rows(), 1e-4).close();
            }
        };
    }

    private static double[] time(LoadedDataset data, int batch, ClipSampler pipeline, long seed,
                                 java.util.function.Consumer<Batch> work) {
        double[] ms = new double[MEASURED];
        int done = 0;
        for (int epoch = 0; done < WARMUP + MEASURED; epoch++) {
            try (BatchLoader l = new BatchLoader(data.dataset(), data.split().train(), batch, true, pipeline, seed, epoch)) {
                while (l.hasNext() && done < WARMUP + MEASURED) {
                    try (Batch b = l.next()) {
                        long t0 = System.nanoTime();
                        work.accept(b);
                        if (done >= WARMUP) {
                            ms[done - WARMUP] = (System.nanoTime() - t0) / 1e6;
                        }
                        done++;
                    }
                }
            }
        }
        return ms;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** Peak resident memory of this process (VmHWM), or -1 where /proc is not available. */
    static long peakResident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
