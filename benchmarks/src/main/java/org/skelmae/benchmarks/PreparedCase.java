package org.skelmae.benchmarks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.npz.NpzArrays;
import org.skelmae.data.sampling.Batch;
import org.skelmae.evaluation.Evaluator;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.CostModel;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.run.ModelSpecs;
import org.skelmae.training.Adam;
import org.skelmae.training.PretrainPhase;
import org.skelmae.training.TrainingStep;
import org.skelmae.util.Json;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark case ready to run: a preset's graph built for a mode, a fixed batch of the synthetic
 * 25-joint, 2-person data, and the optimiser. {@link PerformanceBenchmark} and {@link OpProfileBenchmark}
 * both start from here, so they time the identical step, and both export the same weights and batch
 * for the PyTorch reference (benchmarks/reference/sttformer_torch.py).
 *
 * <p>A training step is the {@link TrainingStep} every training run takes, split in two so that a profile can
 * time them apart: {@link #runGraph()} (the SameDiff forward, and for training the backward, plus
 * {@code ModelGraph}'s own work around it) and {@link #runOptimizer} (the Java Adam update; nothing for inference).
 */
public final class PreparedCase implements AutoCloseable {

    static final int JOINTS = 25;
    static final int PERSONS = 2;
    private static final double LR = 1e-4;

    private final String preset;
    private final String mode;
    private final int batch;
    private final ParameterStore store;
    private final ModelGraph graph;
    private final Map<String, INDArray> placeholders;
    private final long bnRows;
    private final TrainingStep training;
    private final double flops;

    private PreparedCase(String preset, String mode, int batch, double bnMomentum, ParameterStore store, ModelGraph graph,
                         Map<String, INDArray> placeholders, long bnRows, double flops) {
        this.preset = preset;
        this.mode = mode;
        this.batch = batch;
        this.store = store;
        this.graph = graph;
        this.placeholders = placeholders;
        this.bnRows = bnRows;
        this.training = graph.training()
                ? new TrainingStep(graph, store, graph.parameters(), new Adam(0.9, 0.999, 1e-8, 1e-4), bnMomentum) : null;
        this.flops = flops;
    }

    /**
     * Builds the case and, if {@code out} is not null, writes {@code <out>/<preset>-<mode>.npz/.json}
     * (initial weights, batch, config and the first forward loss) for the PyTorch side. A graph-family preset
     * ({@code cpu-gin-mae}, {@code paper-gin-mae}) has no PyTorch side here and takes no {@code out}.
     *
     * @param mode {@code pretrain}, {@code finetune} or {@code inference}
     */
    public static PreparedCase prepare(String preset, String mode, int batch, Path out) throws Exception {
        if (ModelSpecs.preset(preset) instanceof GinConfig gc) {
            if (out != null) {
                throw new ConfigurationException(preset + ": the graph family's cases have no PyTorch reference to export for");
            }
            return GraphFamilyCase.prepare(preset, gc, mode, batch, SyntheticMotion.standard().load());
        }
        ModelConfig cfg = Presets.load(preset);
        int classes = SyntheticMotion.CLASSES.size();
        Batch b = SyntheticMotion.benchmarkBatch(cfg.sampling(), batch);
        INDArray x = b.x();
        ParameterStore store = new ParameterStore(3, DataType.FLOAT);
        CostModel.Cost cost = CostModel.of(cfg, JOINTS, PERSONS, classes);
        Map<String, INDArray> export = new LinkedHashMap<>();
        PreparedCase c;
        switch (mode) {
            case "pretrain" -> {
                ModelGraph graph = MaskedAutoencoder.build(cfg, store, JOINTS, true);
                SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), JOINTS);
                MaskedBatch mb = MaskedBatch.of(x, masker, cfg.framesPerTuple(), false, true, 1, 0, b.indices(), DataType.FLOAT);
                Map<String, INDArray> ph = new HashMap<>(mb.placeholders());
                PretrainPhase.addNoise(ph, cfg, mb.rows(), masker, 5);
                export.putAll(ph);
                c = new PreparedCase(preset, mode, batch, cfg.bnMomentum(), store, graph, ph, mb.rows(),
                        cost.pretrainTrainFlopsPerSample() * batch);
            }
            case "finetune", "inference" -> {
                boolean train = mode.equals("finetune");
                ModelGraph graph = SkeletonClassifier.build(cfg, store, JOINTS, PERSONS, classes, train, false);
                INDArray y = Evaluator.oneHot(b.labels(), classes, DataType.FLOAT);
                Map<String, INDArray> ph = Map.of(SkeletonClassifier.X, x, SkeletonClassifier.LABELS, y);
                export.put("x", x);
                export.put("labels", Nd4j.createFromArray(b.labels()));
                double f = train ? cost.classifierTrainFlopsPerSample() : cost.classifierForwardFlopsPerSample();
                c = new PreparedCase(preset, mode, batch, cfg.bnMomentum(), store, graph, ph, (long) batch * PERSONS, f * batch);
            }
            default -> throw new ConfigurationException("mode must be pretrain, finetune or inference, got " + mode);
        }
        if (out != null) {
            double loss = c.graph.forward(c.placeholders, List.of()).scalars().get("loss");
            export(out.resolve(preset + "-" + mode), cfg, store, export, classes, loss, mode);
        }
        return c;
    }

    /** A case of the graph family's models (no FLOP count: {@link #flops()} is NaN). */
    static PreparedCase ofGraphFamily(String preset, String mode, int batch, GinConfig gc, ParameterStore store, ModelGraph graph,
                                      Map<String, INDArray> placeholders, long bnRows) {
        return new PreparedCase(preset, mode, batch, gc.bnMomentum(), store, graph, placeholders, bnRows, Double.NaN);
    }

    /** The graph part of one step: forward and backward for training, forward only for inference. */
    public Network.Step runGraph() {
        return training != null ? training.gradients(placeholders, bnRows) : graph.forward(placeholders, List.of());
    }

    /** The optimiser part of one training step (nothing for inference). */
    public void runOptimizer(Network.Step s) {
        if (training != null) {
            training.update(s, LR);
        }
    }

    /** One whole step, as {@link PerformanceBenchmark} times it. */
    public void step() {
        Network.Step s = runGraph();
        runOptimizer(s);
        s.close();
    }

    public String preset() {
        return preset;
    }

    public String mode() {
        return mode;
    }

    public int batch() {
        return batch;
    }

    public ModelGraph graph() {
        return graph;
    }

    /** Analytic FLOPs of one step ({@code CostModel}; a training step counts the forward ×3). */
    public double flops() {
        return flops;
    }

    @Override
    public void close() {
        graph.close();
    }

    /** Weights (before any step), batch and shapes for the PyTorch reference. */
    static void export(Path stem, ModelConfig cfg, ParameterStore store, Map<String, INDArray> batch, int classes,
                       double javaLoss, String mode) throws Exception {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        store.params().forEach((k, v) -> arrays.put("param/" + k, v));
        store.state().forEach((k, v) -> arrays.put("state/" + k, v));
        batch.forEach((k, v) -> arrays.put("batch/" + k, v));
        NpzArrays.write(Path.of(stem + ".npz"), arrays);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("config", cfg);
        meta.put("joints", JOINTS);
        meta.put("persons", PERSONS);
        meta.put("classes", classes);
        meta.put("javaLoss", javaLoss);
        meta.put("mode", mode);
        Json.write(Path.of(stem + ".json"), meta);
    }
}
