package org.skelmae.libtorch;

import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.engine.Engine;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The libtorch engine ({@code -Dskelmae.engine=libtorch}), registered with {@link java.util.ServiceLoader}. It builds
 * both families: the STTFormer family (masked pre-training with its three latents, the classifier) and the graph
 * family (masked pre-training, the STRL classifier, the linear probe).
 * libtorch gets as many intra-op threads as ND4J was given for the run.
 */
public final class TorchEngine implements Engine {

    @Override
    public String name() {
        return "libtorch";
    }

    @Override
    public Map<String, String> describe() {
        LibTorch.init(Nd4j.getEnvironment().maxThreads());
        Map<String, String> d = new LinkedHashMap<>();
        LibTorch.describe().forEach((k, v) -> d.put(k.equals("engine") ? k : "libtorch." + k, String.valueOf(v)));
        return d;
    }

    @Override
    public Network classifier(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes,
                              boolean training, boolean frozenEncoder) {
        LibTorch.init(Nd4j.getEnvironment().maxThreads());
        return new TorchClassifier(cfg, store, joints, persons, classes, training, frozenEncoder);
    }

    @Override
    public Network maskedAutoencoder(ModelConfig cfg, ParameterStore store, int joints, boolean training) {
        LibTorch.init(Nd4j.getEnvironment().maxThreads());
        return new TorchMaskedAutoencoder(cfg, store, joints, training);
    }

    @Override
    public Network ginAutoencoder(GinConfig cfg, ParameterStore store, SkeletonGraph graph, boolean training) {
        LibTorch.init(Nd4j.getEnvironment().maxThreads());
        return new TorchGinAutoencoder(cfg, store, graph, training);
    }

    @Override
    public Network ginClassifier(GinConfig cfg, ParameterStore store, SkeletonGraph graph, int persons, int classes,
                                 boolean training, boolean probe) {
        LibTorch.init(Nd4j.getEnvironment().maxThreads());
        return new TorchGinClassifier(cfg, store, graph, persons, classes, training, probe);
    }
}
