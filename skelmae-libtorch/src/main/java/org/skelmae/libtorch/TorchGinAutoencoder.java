package org.skelmae.libtorch;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.gin.model.GinAutoencoder;
import org.skelmae.gin.model.GinConfig;
import org.skelmae.gin.model.GraphBatch;
import org.skelmae.gin.model.SkeletonGraph;
import org.skelmae.model.ParameterStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph family's masked autoencoder on libtorch: the same inputs ({@link GraphBatch}'s coordinates, mask and
 * dropout masks), loss parts ({@value GinAutoencoder#LOSS}, {@value GinAutoencoder#MEAN_COSINE}) and parameter names
 * as the ND4J graph {@link GinAutoencoder#build}, so the pre-training phase runs on either.
 */
final class TorchGinAutoencoder extends TorchNetwork<TorchGin> {

    private final GinConfig cfg;

    TorchGinAutoencoder(GinConfig cfg, ParameterStore store, SkeletonGraph graph, boolean training) {
        super(store, model(cfg, store, graph), training, List.copyOf(store.params().keySet()),
                List.of(GinAutoencoder.LOSS, GinAutoencoder.MEAN_COSINE));
        this.cfg = cfg;
    }

    /** The parameters are created (names, shapes, seeded values) by the ND4J engine's own graph, then copied. */
    private static TorchGin model(GinConfig cfg, ParameterStore store, SkeletonGraph graph) {
        GinAutoencoder.build(cfg, store, graph, false).close();
        return new TorchGin(cfg, store, graph, name -> false);
    }

    @Override
    Pass pass(Map<String, INDArray> placeholders, boolean train) {
        Tensor coords = input(placeholders, GraphBatch.COORDS);
        Tensor mask = input(placeholders, GraphBatch.MASK);
        Tensor visible = mask.neg().add(new Scalar(1.0));
        Tensor[] dropout = train && cfg.dropout() > 0 ? new Tensor[GinAutoencoder.dropoutMasks(cfg)] : null;
        if (dropout != null) {
            for (int l = 0; l < dropout.length; l++) {
                dropout[l] = input(placeholders, GraphBatch.dropout(l));
            }
        }
        Tensor lifted = model.lift(coords);
        Tensor h = lifted.mul(visible).add(torch.matmul(mask, model.param("gin.mask_token")));
        h = model.encoder(GinAutoencoder.ENCODER, h, train, 1, dropout);
        Tensor z = torch.matmul(h, model.param("gin.remask.w").t()).mul(visible);
        if (dropout != null) {
            z = z.mul(dropout[cfg.encoderLayers()]);
        }
        Tensor reconstruction = model.gin("gin.dec", z, false, train, 1);
        Tensor target = switch (cfg.target()) {
            case EMBEDDED_DETACHED -> lifted.detach();
            case EMBEDDED -> lifted;
            case RAW -> coords;
        };
        Tensor cos = TorchGin.cosine(reconstruction, target);
        Tensor error = torch.relu(cos.neg().add(new Scalar(1.0))).pow(new Scalar(cfg.beta()));
        Tensor count = mask.sum();
        Tensor loss = error.mul(mask).sum().div(count);
        Map<String, Tensor> scalars = new LinkedHashMap<>();
        scalars.put(GinAutoencoder.LOSS, loss);
        scalars.put(GinAutoencoder.MEAN_COSINE, cos.mul(mask).sum().div(count));
        return new Pass(loss, scalars, Map.of(), Map.of(GinAutoencoder.RECONSTRUCTION, reconstruction));
    }
}
