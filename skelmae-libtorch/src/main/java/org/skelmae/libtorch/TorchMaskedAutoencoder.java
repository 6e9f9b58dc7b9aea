package org.skelmae.libtorch;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.latent.Latent;
import org.skelmae.latent.LatentConfig;
import org.skelmae.latent.VaeForm;
import org.skelmae.latent.VaeLatent;
import org.skelmae.latent.VqLatent;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SttDecoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masked pre-training on libtorch, as the ND4J graph {@link MaskedAutoencoder#build} computes it: the encoder on the
 * visible frames and joints of a {@link MaskedBatch}, the latent (none, VAE or VQ, as {@code NoLatent},
 * {@code VaeLatent}, {@code VqLatent}), the decoder on the full grid with the mask token at masked positions, and the
 * reconstruction loss plus the latent's term. Same inputs, loss parts, extra outputs ({@value VqLatent#CODES} for
 * VQ; {@value MaskedAutoencoder#RECONSTRUCTION} on request) and parameter names as the ND4J engine.
 */
final class TorchMaskedAutoencoder extends TorchNetwork<TorchSttFormer> {

    private final ModelConfig cfg;
    private final int joints;

    TorchMaskedAutoencoder(ModelConfig cfg, ParameterStore store, int joints, boolean training) {
        super(store, model(cfg, store, joints), training, List.copyOf(store.params().keySet()), lossNames(cfg));
        this.cfg = cfg;
        this.joints = joints;
    }

    /** The parameters are created (names, shapes, seeded values) by the ND4J engine's own graph, then copied. */
    private static TorchSttFormer model(ModelConfig cfg, ParameterStore store, int joints) {
        MaskedAutoencoder.build(cfg, store, joints, false).close();
        return new TorchSttFormer(cfg, store, joints, 1, false);
    }

    private static List<String> lossNames(ModelConfig cfg) {
        List<String> names = new ArrayList<>(List.of(MaskedAutoencoder.LOSS, MaskedAutoencoder.RECONSTRUCTION_LOSS));
        switch (cfg.latent().type()) {
            case VAE -> names.add("loss.kl");
            case VQ -> names.addAll(List.of("loss.codebook", "loss.commitment"));
            case NONE -> {
            }
        }
        return names;
    }

    @Override
    Pass pass(Map<String, INDArray> placeholders, boolean train) {
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        int tk = cfg.masking().keptFrames(t);
        int jk = cfg.masking().keptJoints(joints);
        Tensor frameIndex = indices(placeholders, MaskedBatch.FRAME_INDEX);
        Tensor jointIndex = indices(placeholders, MaskedBatch.JOINT_INDEX);
        Tensor h = model.encode(input(placeholders, MaskedBatch.X_VISIBLE), tk, jk, frameIndex, jointIndex,
                model.gathered(indices(placeholders, MaskedBatch.SLOT_INDEX)), train);

        Map<String, Tensor> scalars = new LinkedHashMap<>();
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        Tensor latentLoss = null;
        Tensor g;
        LatentConfig lc = cfg.latent();
        switch (lc.type()) {
            case VAE -> {
                Tensor[] out = vae(h, tk / l, l * jk, train ? input(placeholders, VaeLatent.NOISE) : null);
                g = out[0];
                latentLoss = out[1].mul(new Scalar(lc.klWeight()));
                scalars.put("loss.kl", out[1]);
            }
            case VQ -> {
                Tensor[] out = vq(h, tk / l, l * jk);
                g = widthAdapter(out[0]);
                latentLoss = out[1].add(out[2].mul(new Scalar(lc.commitment())));
                scalars.put("loss.codebook", out[1]);
                scalars.put("loss.commitment", out[2]);
                arrays.put(VqLatent.CODES, out[3]);
            }
            default -> g = widthAdapter(h);
        }
        Tensor recon = decode(g, frameIndex, jointIndex, input(placeholders, MaskedBatch.MASKED_GRID), tk, jk, train);
        Tensor lossMask = input(placeholders, MaskedBatch.LOSS_MASK);
        Tensor diff = recon.sub(input(placeholders, MaskedBatch.X_FULL));
        Tensor squared = diff.mul(diff).mul(lossMask);
        Tensor rec = switch (cfg.loss().reduction()) {
            case MEAN -> squared.sum().div(lossMask.sum());
            case SUM_PER_SAMPLE -> squared.sum(1, 2, 3).mean();
        };
        Tensor loss = latentLoss == null ? rec : rec.add(latentLoss);
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        ordered.put(MaskedAutoencoder.LOSS, loss);
        ordered.put(MaskedAutoencoder.RECONSTRUCTION_LOSS, rec);
        ordered.putAll(scalars);
        return new Pass(loss, ordered, arrays, Map.of(MaskedAutoencoder.RECONSTRUCTION, recon));
    }

    /**
     * The Gaussian latent: μ and ℓ (clamped) from a linear layer on the flattened visible features (GLOBAL) or on each
     * token (PER_TOKEN), z = μ + exp(ℓ/2)·ε in training (μ otherwise), decoded by a linear layer.
     *
     * @return the decoder input (B, D, T', V') and the KL term (before its weight)
     */
    private Tensor[] vae(Tensor h, int tuples, int slots, Tensor noise) {
        LatentConfig lc = cfg.latent();
        int dim = lc.vaeDim();
        int c = cfg.encoderWidth();
        int d = cfg.decoderWidth();
        boolean global = lc.vaeForm() == VaeForm.GLOBAL;
        long tokens = (long) tuples * slots;
        Tensor rows = global ? h.reshape(-1, c * tokens) : h.permute(0, 2, 3, 1).reshape(-1, c);
        Tensor out = model.linear(Latent.PREFIX + "vae.enc", rows);
        Tensor mu = out.narrow(1, 0, dim);
        Tensor logVar = out.narrow(1, dim, dim).clamp(new ScalarOptional(new Scalar(lc.logVarMin())), new ScalarOptional(new Scalar(lc.logVarMax())));
        Tensor z = noise == null ? mu : mu.add(logVar.mul(new Scalar(0.5)).exp().mul(noise));
        Tensor decoded = model.linear(Latent.PREFIX + "vae.dec", z);
        Tensor back = global ? decoded.reshape(-1, d, tuples, slots) : decoded.reshape(-1, tuples, slots, d).permute(0, 3, 1, 2);
        Tensor perRow = logVar.exp().sub(logVar).add(mu.mul(mu)).sub(new Scalar(1.0)).sum(1).mul(new Scalar(0.5));
        Tensor kl = global ? perRow.mean() : perRow.reshape(-1, tokens).mean(1).mean();
        return new Tensor[]{back, kl};
    }

    /**
     * The vector-quantised latent: each token vector replaced by its nearest codebook entry, gradients passed straight
     * through; codebook loss ‖sg[z] − z_q‖² and commitment ‖z − sg[z_q]‖², means over all token elements.
     *
     * @return the straight-through features (B, C, T', V'), the codebook loss, the commitment loss, the codes (B·T'·V')
     */
    private Tensor[] vq(Tensor h, int tuples, int slots) {
        int c = cfg.encoderWidth();
        Tensor codebook = model.param(Latent.PREFIX + "vq.codebook");
        Tensor z = h.permute(0, 2, 3, 1).reshape(-1, c);
        Tensor dist = z.mul(z).sum(new long[]{1}, true, new org.bytedeco.pytorch.ScalarTypeOptional())
                .sub(torch.matmul(z, codebook.t()).mul(new Scalar(2.0)))
                .add(codebook.mul(codebook).sum(1).view(1, -1));
        Tensor codes = dist.argmin(new LongOptional(1), false);
        Tensor zq = codebook.index_select(0, codes);
        Tensor straight = z.add(zq.sub(z).detach());
        Tensor toCodebook = z.detach().sub(zq);
        Tensor toEncoder = z.sub(zq.detach());
        Tensor codebookLoss = toCodebook.mul(toCodebook).mean();
        Tensor commitment = toEncoder.mul(toEncoder).mean();
        return new Tensor[]{straight.reshape(-1, tuples, slots, c).permute(0, 3, 1, 2), codebookLoss, commitment, codes};
    }

    /** A 1×1 convolution from encoder to decoder width when they differ. */
    private Tensor widthAdapter(Tensor h) {
        return cfg.encoderWidth() == cfg.decoderWidth() ? h : model.conv(Latent.PREFIX + "proj", h, 1, 1);
    }

    /**
     * The decoder ({@link SttDecoder}): visible features placed back at their frames and joints of the full grid (two
     * one-hot products, as the ND4J graph), the mask token at masked positions, the frame + joint embedding, the
     * blocks and the 1×1 output layer.
     *
     * @return the reconstruction (B, 3, T, V)
     */
    private Tensor decode(Tensor features, Tensor frameIndex, Tensor jointIndex, Tensor maskedGrid, int keptFrames, int keptJoints,
                          boolean train) {
        int d = cfg.decoderWidth();
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        long b = features.size(0);
        Tensor perJoint = torch.matmul(features.reshape(b, (long) d * keptFrames, keptJoints), model.oneHot(jointIndex, joints));
        Tensor byFrame = perJoint.reshape(b, d, keptFrames, joints).permute(0, 2, 1, 3).reshape(b, keptFrames, (long) d * joints);
        Tensor grid = torch.matmul(model.oneHot(frameIndex, t).transpose(1, 2), byFrame).reshape(b, t, d, joints).permute(0, 2, 1, 3);
        grid = grid.add(maskedGrid.mul(model.param(SttDecoder.PREFIX + "mask_token").view(1, d, 1, 1)));
        if (cfg.decoderEmbedding()) {
            grid = grid.add(model.embedding(SttDecoder.PREFIX + "embed", d, null, null, t, joints).reshape(1, d, t, joints));
        }
        Tensor h = grid.reshape(b, d, t / l, (long) l * joints);
        TorchSttFormer.Positions full = model.full();
        for (int i = 0; i < cfg.decoder().size(); i++) {
            h = model.block(SttDecoder.PREFIX + "block" + i, h, cfg.decoder().get(i), full, train);
        }
        return model.conv(SttDecoder.PREFIX + "out", h, 1, 1).reshape(b, 3, t, joints);
    }
}
