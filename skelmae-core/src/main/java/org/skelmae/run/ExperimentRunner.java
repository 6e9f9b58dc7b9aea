package org.skelmae.run;

import org.skelmae.data.LoadedDataset;
import org.skelmae.data.split.IndexFiles;
import org.skelmae.data.split.LabelledSubset;
import org.skelmae.engine.Engine;
import org.skelmae.evaluation.Evaluation;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.training.Checkpoint;
import org.skelmae.training.ClassifierPhase;
import org.skelmae.training.ClassifyingPhase;
import org.skelmae.training.EpochMetrics;
import org.skelmae.training.TrainingLoop;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;
import org.skelmae.util.Sha256;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one experiment into its run directory: skips it when finished, resumes it when interrupted,
 * records config, split and subset indexes, provenance, metrics and the result.
 */
public final class ExperimentRunner {

    private final Path output;
    private final boolean overwrite;
    private final Progress progress;
    private final Function<ExperimentConfig, String> rerun;

    /**
     * @param output    root of the run directories
     * @param overwrite replace existing run directories instead of skipping or resuming them
     * @param rerun     the command line that re-runs an experiment, for the records
     */
    public ExperimentRunner(Path output, boolean overwrite, Progress progress, Function<ExperimentConfig, String> rerun) {
        this.output = output;
        this.overwrite = overwrite;
        this.progress = progress;
        this.rerun = rerun;
    }

    public RunResult run(ExperimentConfig cfg, LoadedDataset data) throws IOException {
        Threads.apply(cfg.threads());
        try (RunDirectory dir = RunDirectory.open(output, cfg, overwrite)) {
            if (dir.state() == RunDirectory.State.FINISHED) {
                progress.info("[" + cfg.tag() + "] already finished: " + dir.result() + " (pass skelmae.overwrite to redo it)");
                return Json.read(dir.result(), RunResult.class);
            }
            long t0 = System.nanoTime();
            String datasetSha = data.dataset().fingerprint().sha256();
            IndexFiles.writeSplit(dir.file("split.json"), data.split(), datasetSha);
            int[] labelled = data.split().train();
            Map<String, String> hashes = new LinkedHashMap<>();
            hashes.put("split", data.split().sha256());
            if (cfg.kind() != RunKind.PRETRAIN && cfg.labelFraction() < 1) {
                LabelledSubset subset = LabelledSubset.draw(data.dataset(), data.split(), cfg.labelFraction(), cfg.subsetSeed());
                IndexFiles.writeSubset(dir.file("labelled-subset.json"), subset, datasetSha);
                labelled = subset.indices();
                hashes.put("subset", subset.sha256());
            }
            if (cfg.pretrained() != null) {
                Checkpoint.meta(Path.of(cfg.pretrained()));
                hashes.put("pretrained", Sha256.ofFile(Path.of(cfg.pretrained())));
            }
            Provenance prov = Provenance.capture(data.dataset().fingerprint(), hashes,
                    Provenance.seeds(cfg.seed(), "init", "data", "mask", "noise", "dropout", "heldout", "validation"), rerun.apply(cfg));
            Json.write(dir.provenance(), prov);
            header(cfg, data, prov, dir);

            RunResult result;
            if (cfg.kind() == RunKind.COST) {
                result = CostMeasurement.measure(cfg, data, progress);
            } else if (cfg.kind() == RunKind.PRETRAIN) {
                TrainingLoop.Outcome o = new TrainingLoop(cfg, data, dir, progress).run(Families.pretraining(cfg, data));
                result = pretrainResult(cfg, data, o, seconds(t0), prov.command());
            } else {
                ClassifyingPhase phase = Families.classifying(cfg, data, labelled, progress);
                TrainingLoop.Outcome o = new TrainingLoop(cfg, data, dir, progress).run(phase);
                String underfit = ClassifierPhase.underfitWarning(cfg, data.dataset().name(), o.history(), data.dataset().numClasses(),
                        o.schedule());
                if (underfit != null) {
                    progress.warn(underfit);
                }
                result = classifierResult(cfg, data, dir, o, phase.trainIndices().length, phase.heldOutSamples(), seconds(t0),
                        prov.command());
            }
            Json.write(dir.result(), result);
            Json.write(dir.provenance(), prov.finished(Instant.now()));
            summary(cfg, result);
            return result;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void header(ExperimentConfig cfg, LoadedDataset data, Provenance p, RunDirectory dir) {
        progress.info(String.format(Locale.ROOT, "[%s] %s %s on %s (%d train / %d test%s), %s, %d epochs, batch %d",
                cfg.tag(), cfg.kind().name().toLowerCase(Locale.ROOT), cfg.experiment(), cfg.dataset(),
                data.split().train().length, data.split().test().length,
                cfg.labelFraction() < 1 && cfg.kind() != RunKind.PRETRAIN ? ", " + Math.round(cfg.labelFraction() * 100) + "% labels" : "",
                Families.describe(cfg), cfg.training().epochs(), cfg.training().batchSize()));
        String engine = p.runtime().getOrDefault("engine", Engine.ND4J.name());
        progress.info(String.format(Locale.ROOT, "[%s] environment: skelmae %s (%s), %s, %s, %s engine, ND4J %s %s %s, %d threads, %d cpus",
                cfg.tag(), p.skelmaeVersion(), p.gitCommit().length() > 12 ? p.gitCommit().substring(0, 12) : p.gitCommit(),
                p.javaVersion(), p.os(), engine, p.nd4jVersion(), p.backend(), p.nativeVariant(), p.threads(), p.cpus()));
        progress.info("[" + cfg.tag() + "] data sha256 " + data.dataset().fingerprint().sha256() + ", run directory " + dir.dir());
        if ("synthetic".equals(data.dataset().name())) {
            progress.warn("[" + cfg.tag() + "] SYNTHETIC data: generated motion, not a real-data result");
        }
    }

    private RunResult pretrainResult(ExperimentConfig cfg, LoadedDataset data, TrainingLoop.Outcome o, double wall, String cmd) {
        List<EpochMetrics> h = o.history();
        double last = h.get(h.size() - 1).validation().get("loss");
        RunResult.Metric primary = new RunResult.Metric("validation.loss", false, o.bestValue(), o.bestEpoch(), last, Double.NaN, 0);
        Map<String, Double> secondary = common(cfg, data, h);
        EpochMetrics lastEpoch = h.get(h.size() - 1);
        lastEpoch.train().forEach((k, v) -> {
            if (k.startsWith("vq.")) {
                secondary.put(k, v);
            }
        });
        return new RunResult(RunResult.SCHEMA_VERSION, cfg.suite(), cfg.experiment(), cfg.kind(), cfg.seed(), cfg.dataset(),
                "synthetic".equals(data.dataset().name()), cfg.sha256(), primary, secondary, null, null, h, wall, cmd);
    }

    private RunResult classifierResult(ExperimentConfig cfg, LoadedDataset data, RunDirectory dir, TrainingLoop.Outcome o,
                                       int trainSamples, int heldOutSamples, double wall, String cmd) throws IOException {
        List<EpochMetrics> h = o.history();
        EpochMetrics bestEpoch = h.get(o.bestEpoch() - 1);
        int heldOutEpoch = ClassifierPhase.heldOutEpoch(h);
        double selected = heldOutEpoch > 0 ? h.get(heldOutEpoch - 1).validation().get("test.top1") : Double.NaN;
        RunResult.Metric primary = new RunResult.Metric("test.top1", true, bestEpoch.validation().get("test.top1"),
                o.bestEpoch(), h.get(h.size() - 1).validation().get("test.top1"), selected, heldOutEpoch);
        Map<String, Double> secondary = common(cfg, data, h);
        secondary.put("test.top5", bestEpoch.validation().get("test.top5"));
        if (bestEpoch.validation().containsKey("heldOut.top1")) {
            secondary.put("heldOut.top1", bestEpoch.validation().get("heldOut.top1"));
        }
        secondary.put("labelledSamples", (double) trainSamples);
        secondary.put("heldOutSamples", (double) heldOutSamples);
        Evaluation best = evaluateAndSave(cfg, data, dir, "best");
        Evaluation last = evaluateAndSave(cfg, data, dir, "last");
        return new RunResult(RunResult.SCHEMA_VERSION, cfg.suite(), cfg.experiment(), cfg.kind(), cfg.seed(), cfg.dataset(),
                "synthetic".equals(data.dataset().name()), cfg.sha256(), primary, secondary, best, last, h, wall, cmd);
    }

    /** Evaluates a checkpoint on the test split and saves its per-sample predictions beside the result. */
    private static Evaluation evaluateAndSave(ExperimentConfig cfg, LoadedDataset data, RunDirectory dir, String which)
            throws IOException {
        Evaluator.Scored s = Families.score(cfg, data, dir.checkpoint(which), data.split().test());
        s.predictions().write(dir.predictions(which));
        return s.evaluation(data.dataset().classNames());
    }

    private static Map<String, Double> common(ExperimentConfig cfg, LoadedDataset data, List<EpochMetrics> h) {
        Map<String, Double> s = Families.size(cfg, data);
        s.put("samplesPerSecond", h.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0));
        s.put("secondsPerEpoch", h.stream().mapToDouble(EpochMetrics::seconds).average().orElse(0));
        return s;
    }

    private void summary(ExperimentConfig cfg, RunResult r) {
        RunResult.Metric m = r.primary();
        if (cfg.kind() == RunKind.COST) {
            return;
        }
        if (m.higherIsBetter()) {
            progress.info(String.format(Locale.ROOT, "[%s] done: test top-1 best %.2f%% (epoch %d), last %.2f%%, held-out selected %s, %.0f s",
                    cfg.tag(), 100 * m.best(), m.bestEpoch(), 100 * m.last(),
                    m.selectedEpoch() > 0 ? String.format(Locale.ROOT, "%.2f%% (epoch %d)", 100 * m.selected(), m.selectedEpoch()) : "n/a",
                    r.wallSeconds()));
        } else {
            progress.info(String.format(Locale.ROOT, "[%s] done: validation loss best %.5f (epoch %d), last %.5f, %.0f s",
                    cfg.tag(), m.best(), m.bestEpoch(), m.last(), r.wallSeconds()));
        }
    }
}
