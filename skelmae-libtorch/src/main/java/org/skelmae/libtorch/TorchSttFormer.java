package org.skelmae.libtorch;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.model.SttEncoder;
import org.skelmae.model.TokenPositions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The STTFormer family's computation on libtorch: the ND4J graph ({@code SttEncoder}, {@code StaBlock},
 * {@link SkeletonClassifier}) op for op ({@code ClassifierParityTest}), with the encoder and blocks the masked
 * autoencoder reuses.
 */
final class TorchSttFormer extends TorchModel {

    private final ModelConfig cfg;
    private final int joints;
    private final int persons;
    /** Sinusoidal position tables by width. */
    private final Map<Integer, Tensor> encodings = new HashMap<>();
    /** L · V, the slots of the full tuple layout. */
    private final int fullSlots;

    /**
     * Makes a tensor for every parameter and BatchNorm running average of {@code store}, with the store's values.
     *
     * @param frozenEncoder the encoder's parameters get no gradients (linear probe)
     */
    TorchSttFormer(ModelConfig cfg, ParameterStore store, int joints, int persons, boolean frozenEncoder) {
        super(store, cfg.bnEpsilon(), name -> frozenEncoder && name.startsWith(SttEncoder.PREFIX));
        this.cfg = cfg;
        this.joints = joints;
        this.persons = persons;
        int slots = cfg.framesPerTuple() * joints;
        for (List<BlockSpec> blocks : List.of(cfg.encoder(), cfg.decoder())) {
            for (BlockSpec b : blocks) {
                encodings.computeIfAbsent(b.in(), c -> LibTorch.place(positionTable(c, slots, store.dtype())));
            }
        }
        this.fullSlots = slots;
    }

    /**
     * Where the blocks' slots sit in the full tuple layout (as {@code TokenPositions} for ND4J): every slot in order
     * on the full grid, or per sample the full positions of the visible slots, read through a one-hot selection.
     */
    final class Positions {
        /** (B, V'k, V'f) one-hot rows, or null on the full grid. */
        private final Tensor selection;

        private Positions(Tensor selection) {
            this.selection = selection;
        }

        /** The sinusoidal encoding of width {@code c} at these slots: (1 or B, C, 1, V'). */
        Tensor encoding(int c) {
            Tensor table = encodings.get(c);
            if (selection == null) {
                return table.view(1, c, 1, fullSlots);
            }
            return torch.matmul(selection, table.t()).permute(0, 2, 1).unsqueeze(2);
        }

        /** The attention prior A0 (H, V'f, V'f) as these slots see it: (1 or B, H, V', V'). */
        Tensor prior(Tensor a0) {
            if (selection == null) {
                return a0.unsqueeze(0);
            }
            // (B, 1, V'k, V'f) x (1, H, V'f, V'f) x (B, 1, V'f, V'k)
            Tensor s = selection.unsqueeze(1);
            return torch.matmul(torch.matmul(s, a0.unsqueeze(0)), s.transpose(2, 3));
        }
    }

    /** Every slot of the full grid. */
    Positions full() {
        return new Positions(null);
    }

    /** The visible slots of a masked grid, {@code slotIndex} (B, V'k) holding each one's full position. */
    Positions gathered(Tensor slotIndex) {
        return new Positions(oneHot(slotIndex, fullSlots));
    }

    /** One-hot rows of an int64 index tensor, in the model's float type: shape of {@code index} + (n). */
    Tensor oneHot(Tensor index, long n) {
        long[] shape = index.sizes().vec().get();
        long[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = n;
        return torch.eye(n, floats).index_select(0, index.reshape(-1)).view(out);
    }

    /**
     * The classifier's pooled encoder features, (N, C): encoder on every person-sequence, mean over tokens and
     * persons ({@value SkeletonClassifier#FEATURES}). In training mode every BatchNorm's batch statistics are kept
     * for {@link #updateRunningAverages}.
     *
     * @param x     (N, 3, T, V, M) sequences
     * @param train training mode of the encoder
     */
    Tensor features(Tensor x, boolean train) {
        int t = cfg.frames();
        Tensor rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, t, joints);
        Tensor h = encode(rows, t, joints, null, null, full(), train);
        return h.mean(2, 3).view(-1, persons, h.size(1)).mean(1);
    }

    /**
     * Logits of the classifier, (N, classes), from its {@link #features}: (linear probe: a non-affine BatchNorm,)
     * optional dropout, linear head.
     *
     * @param train       training mode
     * @param probe       linear probe: a non-affine BatchNorm before the head
     * @param dropoutMask (N, C) mask multiplied into the pooled features in training, or null
     */
    Tensor head(Tensor pooled, boolean train, boolean probe, Tensor dropoutMask) {
        long c = pooled.size(1);
        if (probe) {
            pooled = bn(SkeletonClassifier.HEAD + "bn", pooled.view(-1, c, 1, 1), train, false).view(-1, c);
        }
        if (train && dropoutMask != null) {
            pooled = pooled.mul(dropoutMask);
        }
        return linear(SkeletonClassifier.HEAD + "fc", pooled);
    }

    /**
     * The encoder ({@code SttEncoder}) on a grid of {@code frames} × {@code joints}: the full grid, or the visible
     * frames and joints of a masked one with their original indices.
     *
     * @param x          (B, 3, frames, joints)
     * @param frameIndex (B, frames) original frames, or null on the full grid
     * @param jointIndex (B, joints) original joints, or null on the full grid
     * @return (B, C, frames / L, L · joints)
     */
    Tensor encode(Tensor x, int frames, int joints, Tensor frameIndex, Tensor jointIndex, Positions positions, boolean train) {
        int l = cfg.framesPerTuple();
        Tensor h = x.reshape(-1, 3, frames / l, (long) l * joints);
        h = act(bn(SttEncoder.PREFIX + "input.bn", conv(SttEncoder.PREFIX + "input", h, 1, 1), train, true));
        if (cfg.inputEmbedding()) {
            h = h.add(embedding(SttEncoder.PREFIX + "embed", h.size(1), frameIndex, jointIndex, frames, joints));
        }
        for (int i = 0; i < cfg.encoder().size(); i++) {
            h = block(SttEncoder.PREFIX + "block" + i, h, cfg.encoder().get(i), positions, train);
        }
        return h;
    }

    /**
     * E[t, v] = E_T[t] + E_V[v] at the grid's original frames and joints (all of them when the indices are null), in
     * tuple layout: (1 or B, C, frames / L, L · joints).
     */
    Tensor embedding(String name, long c, Tensor frameIndex, Tensor jointIndex, int frames, int joints) {
        int l = cfg.framesPerTuple();
        Tensor et = param(name + ".t");
        Tensor ev = param(name + ".v");
        if (frameIndex == null) {
            return et.t().view(1, c, frames, 1).add(ev.t().view(1, c, 1, joints)).reshape(1, c, frames / l, (long) l * joints);
        }
        long b = frameIndex.size(0);
        Tensor t = et.index_select(0, frameIndex.reshape(-1)).view(b, frames, 1, c);
        Tensor v = ev.index_select(0, jointIndex.reshape(-1)).view(b, 1, joints, c);
        return t.add(v).permute(0, 3, 1, 2).reshape(b, c, frames / l, (long) l * joints);
    }

    /** One spatio-temporal attention block, as {@code StaBlock} builds it for ND4J. */
    Tensor block(String name, Tensor x, BlockSpec spec, Positions positions, boolean train) {
        int ci = spec.in();
        int co = spec.out();
        int d = spec.qkv();
        int heads = cfg.heads();
        long n = x.size(0);
        long tp = x.size(2);
        long vp = x.size(3);
        Tensor xs = cfg.positionalEncoding() ? x.add(positions.encoding(ci)) : x;
        TensorVector qk = conv(name + ".qk", xs, 1, 1).view(n, 2L * heads, d, tp, vp).chunk(2, 1);
        Tensor scores = torch.einsum("nhctu,nhctv->nhuv", new TensorVector(qk.get(0), qk.get(1))).div(new Scalar((double) d * tp));
        Tensor attention = scores.tanh().mul(param(name + ".alpha").view(1, heads, 1, 1)).add(positions.prior(param(name + ".a0")));
        Tensor y = torch.einsum("nctu,nhuv->nhctv", new TensorVector(x, attention)).reshape(n, (long) heads * ci, tp, vp);
        Tensor proj = bn(name + ".proj.bn", conv(name + ".proj", y, 1, cfg.spatialKernel()), train, true);
        Tensor res = ci == co ? x : bn(name + ".ress.bn", conv(name + ".ress", x, 1, 1), train, true);
        Tensor x1 = act(proj.add(res));
        // the reference adds the same residual again, not x1 (as StaBlock does)
        Tensor x2 = act(bn(name + ".ff.bn", conv(name + ".ff", x1, 1, 1), train, true).add(res));
        Tensor skip = ci == co ? x2 : bn(name + ".rest.bn", conv(name + ".rest", x2, 1, 1), train, true);
        return act(bn(name + ".tconv.bn", conv(name + ".tconv", x2, cfg.temporalKernel(), 1), train, true).add(skip));
    }

    Tensor conv(String name, Tensor x, int kh, int kw) {
        return Convolutions.conv2d(x, param(name + ".w"), param(name + ".b"), kh / 2, kw / 2);
    }

    private Tensor act(Tensor x) {
        return torch.leaky_relu(x, new Scalar(cfg.leakySlope()));
    }

    /** The sinusoidal position table of the full layout for {@code channels}, (C, L·V), in the store's precision. */
    private static Tensor positionTable(int channels, int slots, DataType dtype) {
        float[] table = TokenPositions.sinusoid(channels, slots);
        if (dtype != DataType.DOUBLE) {
            return TorchArrays.tensor(table, channels, slots);
        }
        double[] wide = new double[table.length];
        for (int i = 0; i < table.length; i++) {
            wide[i] = table[i];
        }
        return TorchArrays.tensor(wide, channels, slots);
    }

    /**
     * BatchNorm2d counting the layer's map (H·W) per row for the running variance: every STTFormer layer sees all the
     * rows a step reports.
     */
    private Tensor bn(String name, Tensor x, boolean train, boolean affine) {
        return bn(name, x, train, affine, (double) x.size(2) * x.size(3));
    }

    @Override
    String describe() {
        return "preset " + cfg.name();
    }

    @Override
    public void close() {
        super.close();
        encodings.values().forEach(Tensor::close);
        encodings.clear();
    }
}
