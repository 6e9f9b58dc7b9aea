package org.skelmae.libtorch;

import org.bytedeco.pytorch.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STTFormer classifier on libtorch: the same inputs ({@value SkeletonClassifier#X},
 * {@value SkeletonClassifier#LABELS}, optionally {@value SkeletonClassifier#DROPOUT_MASK}), outputs (the loss,
 * {@value SkeletonClassifier#LOGITS}, and {@value SkeletonClassifier#FEATURES} when asked) and parameter names as the ND4J graph {@link SkeletonClassifier#build}, so a
 * training phase runs on either.
 */
final class TorchClassifier extends TorchNetwork<TorchSttFormer> {

    private final boolean probe;

    TorchClassifier(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes, boolean training, boolean probe) {
        super(store, model(cfg, store, joints, persons, classes, probe), training, List.copyOf(store.params().keySet()),
                List.of(SkeletonClassifier.LOSS));
        this.probe = probe;
    }

    /** The parameters are created (names, shapes, seeded values) by the ND4J engine's own graph, then copied. */
    private static TorchSttFormer model(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes, boolean probe) {
        SkeletonClassifier.build(cfg, store, joints, persons, classes, false, probe).close();
        return new TorchSttFormer(cfg, store, joints, persons, probe);
    }

    @Override
    Pass pass(Map<String, INDArray> placeholders, boolean train) {
        Tensor mask = train ? optional(placeholders, SkeletonClassifier.DROPOUT_MASK) : null;
        // a linear probe's encoder runs in evaluation mode
        Tensor features = model.features(input(placeholders, SkeletonClassifier.X), train && !probe);
        Tensor logits = model.head(features, train, probe, mask);
        Tensor loss = placeholders.containsKey(SkeletonClassifier.LABELS)
                ? TorchModel.crossEntropy(logits, input(placeholders, SkeletonClassifier.LABELS)) : null;
        Map<String, Tensor> scalars = new LinkedHashMap<>();
        if (loss != null) {
            scalars.put(SkeletonClassifier.LOSS, loss);
        }
        return new Pass(loss, scalars, Map.of(SkeletonClassifier.LOGITS, logits), Map.of(SkeletonClassifier.FEATURES, features));
    }
}
