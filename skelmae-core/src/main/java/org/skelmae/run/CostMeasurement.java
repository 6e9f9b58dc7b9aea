package org.skelmae.run;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.CostModel;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.training.Adam;
import org.skelmae.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        ModelConfig mc = cfg.model();
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
        SamplePipeline pipeline = new SamplePipeline(mc.sampling());

        ParameterStore pre = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        ModelGraph mae = MaskedAutoencoder.build(mc, pre, joints, true);
        SpatioTemporalMasker masker = new SpatioTemporalMasker(mc.masking(), mc.frames(), joints);
        Adam adam = new Adam(0.9, 0.999, 1e-8, 1e-4);
        double preMs = median(time(data, batch, pipeline, cfg.seed(), b -> {
            MaskedBatch mb = MaskedBatch.of(b.x(), masker, mc.framesPerTuple(), false, mc.loss().dropEmptyPersons(), 1, 0,
                    b.indices(), DataType.FLOAT);
            Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
            org.skelmae.training.PretrainLoop.addNoise(ph, mc, mb.rows(), masker, 1);
            ModelGraph.Step st = mae.step(ph, mae.parameters(), mb.rows(), mc.bnMomentum());
            adam.step(pre.params(), st.gradients(), 1e-4);
            st.close();
            mb.close();
        }));
        s.put("pretrain.msPerIteration", preMs);
        s.put("pretrain.secondsPerEpoch", preMs * itsPerEpoch / 1000);
        s.put("pretrain.activationBytes", (double) mae.pool().lastStepBytes());
        s.put("pretrain.achievedGflops", cost.pretrainTrainFlopsPerSample() * batch / (preMs / 1000) / 1e9);

        ParameterStore cls = new ParameterStore(Seeds.of(cfg.seed(), "init"), DataType.FLOAT);
        ModelGraph train = SkeletonClassifier.build(mc, cls, joints, persons, classes, true, false);
        ModelGraph eval = SkeletonClassifier.build(mc, cls, joints, persons, classes, false, false);
        Adam adam2 = new Adam(0.9, 0.999, 1e-8, 1e-4);
        double ftMs = median(time(data, batch, pipeline, cfg.seed(), b -> {
            INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
            ModelGraph.Step st = train.step(Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, y), train.parameters(),
                    (long) b.size() * persons, mc.bnMomentum());
            adam2.step(cls.params(), st.gradients(), 1e-4);
            st.close();
        }));
        s.put("finetune.msPerIteration", ftMs);
        s.put("finetune.secondsPerEpoch", ftMs * itsPerEpoch / 1000);
        s.put("finetune.activationBytes", (double) train.pool().lastStepBytes());
        s.put("finetune.achievedGflops", cost.classifierTrainFlopsPerSample() * batch / (ftMs / 1000) / 1e9);
        eval.syncFromStore();
        double infMs = median(time(data, batch, pipeline, cfg.seed(), b -> {
            INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
            eval.forward(Map.of(SkeletonClassifier.X, b.x(), SkeletonClassifier.LABELS, y), List.of()).close();
        }));
        s.put("inference.msPerBatch", infMs);
        mae.close();
        train.close();
        eval.close();
        s.put("batchSize", (double) batch);
        s.put("peakResidentBytes", (double) peakResident());
        progress.info(String.format(Locale.ROOT, "[%s] cost: %.2f M params (pre-training), %.1f GFLOP/sample, %.0f ms/step pre-training, "
                        + "%.0f ms/step fine-tuning, %.0f ms/batch inference at batch %d, %.1f s/epoch pre-training",
                cfg.tag(), cost.pretrainParams() / 1e6, cost.pretrainTrainFlopsPerSample() / 1e9, preMs, ftMs, infMs, batch,
                s.get("pretrain.secondsPerEpoch")));
        RunResult.Metric primary = new RunResult.Metric("pretrain.secondsPerEpoch", false, s.get("pretrain.secondsPerEpoch"), 0,
                s.get("pretrain.secondsPerEpoch"), Double.NaN, 0);
        return new RunResult(RunResult.SCHEMA_VERSION, cfg.suite(), cfg.experiment(), cfg.kind(), cfg.seed(), cfg.dataset(),
                "synthetic".equals(data.dataset().name()), cfg.sha256(), primary, s, null, null, List.of(), 0, null);
    }

    private static double[] time(LoadedDataset data, int batch, SamplePipeline pipeline, long seed,
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
