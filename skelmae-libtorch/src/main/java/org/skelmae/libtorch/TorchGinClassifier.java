package org.skelmae.libtorch;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinClassifier;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GinProbe;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph family's classifier on libtorch: the STRL model of fine-tuning and training from scratch
 * ({@link GinClassifier#build}) or the linear probe on the frozen encoder ({@link GinProbe#build}), with the same
 * inputs (coordinates of every person-frame, one-hot labels, the head's dropout mask), outputs (the loss,
 * {@value GinClassifier#LOGITS}) and parameter names as the ND4J graphs.
 */
final class TorchGinClassifier extends TorchNetwork<TorchGin> {

    private final GinConfig cfg;
    private final int persons;
    private final int classes;
    private final boolean probe;

    TorchGinClassifier(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes, boolean training,
                       boolean probe) {
        super(store, model(cfg, store, graph, persons, classes, probe), training, List.copyOf(store.params().keySet()),
                List.of(GinClassifier.LOSS));
        this.cfg = cfg;
        this.persons = persons;
        this.classes = classes;
        this.probe = probe;
    }

    /** The parameters are created (names, shapes, seeded values) by the ND4J engine's own graph, then copied. */
    private static TorchGin model(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes, boolean probe) {
        if (probe) {
            GinProbe.build(cfg, store, graph, persons, classes, false).close();
            return new TorchGin(cfg, store, graph, name -> !name.startsWith(GinProbe.HEAD));
        }
        GinClassifier.build(cfg, store, graph, persons, classes, false).close();
        return new TorchGin(cfg, store, graph, name -> false);
    }

    @Override
    Pass pass(Map<String, INDArray> placeholders, boolean train) {
        Tensor coords = input(placeholders, GraphBatch.COORDS);
        Tensor features = probe ? probeFeatures(coords) : null;
        Tensor logits = probe ? probeHead(features, train) : strlLogits(coords, train, train ? optional(placeholders, GinClassifier.DROPOUT_MASK) : null);
        Tensor labels = optional(placeholders, GinClassifier.LABELS);
        Tensor loss = null;
        Map<String, Tensor> scalars = new LinkedHashMap<>();
        if (labels != null) {
            double smoothing = probe ? 0 : cfg.labelSmoothing();
            // ND4J's label smoothing: y·(1 − s) + s / K
            Tensor target = smoothing > 0 ? labels.mul(new Scalar(1 - smoothing)).add(new Scalar(smoothing / classes)) : labels;
            loss = TorchModel.crossEntropy(logits, target);
            scalars.put(GinClassifier.LOSS, loss);
        }
        return new Pass(loss, scalars, Map.of(GinClassifier.LOGITS, logits),
                probe ? Map.of(SkeletonClassifier.FEATURES, features) : Map.of());
    }

    /** Lift with the temporal position embedding, the STRL layers each with its temporal block, pooling, the head. */
    private Tensor strlLogits(Tensor coords, boolean train, Tensor dropoutMask) {
        int v = model.nodes();
        int t = cfg.frames();
        int d = cfg.embedding();
        Tensor h = model.lift(coords).reshape(-1, t, d).add(model.param("strl.pe")).reshape(-1, d);
        Tensor grid = null;
        for (int l = 0; l < cfg.strlLayers(); l++) {
            h = model.strl(l, h, persons, train);
            // rows (V, M·N, T, D) to the temporal block's (M·N, D, T, V) and back
            grid = model.temporal("strl." + l + ".tcn", h.reshape(v, -1, t, d).permute(1, 3, 2, 0), train);
            if (l + 1 < cfg.strlLayers()) {
                h = grid.permute(3, 0, 2, 1).reshape(-1, d);
            }
        }
        Tensor pooled = grid.mean(2, 3).reshape(persons, -1, d).mean(0);
        Tensor z = torch.relu(model.linear("head.fc1", pooled));
        if (dropoutMask != null && cfg.headDropout() > 0) {
            z = z.mul(dropoutMask);
        }
        return model.linear("head.fc2", z);
    }

    /** The frozen lift and encoder in evaluation mode, pooled over joints, frames and persons ({@value SkeletonClassifier#FEATURES}). */
    private Tensor probeFeatures(Tensor coords) {
        Tensor h = model.encoder(GinAutoencoder.ENCODER, model.lift(coords), false, 1, null);
        return h.reshape(model.nodes(), persons, -1, cfg.frames(), cfg.hidden()).mean(0, 3).mean(0);
    }

    /** The probe's head on its features: a non-affine BatchNorm, a linear layer. */
    private Tensor probeHead(Tensor pooled, boolean train) {
        // a step reports N·M person slots; this layer sees N rows
        pooled = model.bn(GinProbe.HEAD + "bn", pooled, train, false, 1.0 / persons);
        return model.linear(GinProbe.HEAD + "fc", pooled);
    }
}
