package org.skelmae.libtorch;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.model.SttEncoder;
import org.skelmae.model.TokenPositions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STTFormer classifier's computation on libtorch, over tensors that mirror a skelmae {@link ParameterStore}:
 * the same names and shapes, except convolution weights, which the store keeps as (kh, kw, in, out) and libtorch
 * as (out, in, kh, kw). It is the ND4J graph ({@code SttEncoder}, {@code StaBlock}, {@link SkeletonClassifier})
 * op for op, so the two engines give the same loss and gradients to rounding ({@code ClassifierParityTest}).
 *
 * <p>The tensors are made outside any {@code PointerScope} and stay referenced here until {@link #close()} (a
 * scope, or a lost reference, would free them); a caller runs each step inside its own scope.
 */
final class TorchSttFormer implements AutoCloseable {

    /** A training-mode BatchNorm's batch statistics, kept until the running averages are updated. */
    private record BatchStats(String name, Tensor mean, Tensor invStd, long perRow) {
    }

    private final ModelConfig cfg;
    private final int joints;
    private final int persons;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    /** Sinusoidal position tables by width. */
    private final Map<Integer, Tensor> encodings = new HashMap<>();
    private final List<BatchStats> batchStats = new ArrayList<>();
    /** Float type of the store (float32, or float64 in the parity tests), for tensors made here. */
    private final TensorOptions floats;
    /** L · V, the slots of the full tuple layout. */
    private final int fullSlots;

    /**
     * Makes a tensor for every parameter and BatchNorm running average of {@code store}, with the store's values.
     *
     * @param frozenEncoder the encoder's parameters get no gradients (linear probe)
     */
    TorchSttFormer(ModelConfig cfg, ParameterStore store, int joints, int persons, boolean frozenEncoder) {
        this.cfg = cfg;
        this.joints = joints;
        this.persons = persons;
        store.params().forEach((name, value) -> {
            Tensor t = storeToTorch(value);
            // requires_grad_ returns a reference to t, not an owner: keep t itself, or the GC may free the parameter
            t.requires_grad_(!(frozenEncoder && name.startsWith(SttEncoder.PREFIX)));
            params.put(name, t);
        });
        store.state().forEach((name, value) -> state.put(name, TorchArrays.tensor(value)));
        int slots = cfg.framesPerTuple() * joints;
        for (List<BlockSpec> blocks : List.of(cfg.encoder(), cfg.decoder())) {
            for (BlockSpec b : blocks) {
                encodings.computeIfAbsent(b.in(), c -> positionTable(c, slots, store.dtype()));
            }
        }
        this.floats = new TensorOptions(store.dtype() == DataType.DOUBLE ? torch.ScalarType.Double : torch.ScalarType.Float);
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

    /** Copies the store's current parameters and running averages into the tensors (after an optimiser step, a restore). */
    void copyFrom(ParameterStore store) {
        try (NoGradGuard off = new NoGradGuard()) {
            params.forEach((name, p) -> p.copy_(storeToTorch(store.params().get(name))));
            state.forEach((name, s) -> s.copy_(TorchArrays.tensor(store.state().get(name))));
        }
    }

    /** Writes the running averages back into the store. */
    void copyStateTo(ParameterStore store) {
        state.forEach((name, s) -> store.state().get(name).assign(TorchArrays.array(s).castTo(store.dtype())));
    }

    /**
     * Logits of the classifier, (N, classes): encoder on every person-sequence, mean over tokens and persons,
     * (linear probe: a non-affine BatchNorm,) optional dropout, linear head. In training mode every BatchNorm's batch
     * statistics are kept for {@link #updateRunningAverages}.
     *
     * @param x           (N, 3, T, V, M) sequences
     * @param train       training mode
     * @param probe       linear probe: the encoder in evaluation mode, a non-affine BatchNorm before the head
     * @param dropoutMask (N, C) mask multiplied into the pooled features in training, or null
     */
    Tensor logits(Tensor x, boolean train, boolean probe, Tensor dropoutMask) {
        int t = cfg.frames();
        Tensor rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, t, joints);
        Tensor h = encode(rows, t, joints, null, null, full(), train && !probe);
        long c = h.size(1);
        Tensor pooled = h.mean(2, 3).view(-1, persons, c).mean(1);
        if (probe) {
            pooled = bn(SkeletonClassifier.HEAD + "bn", pooled.view(-1, c, 1, 1), train, false).view(-1, c);
        }
        if (train && dropoutMask != null) {
            pooled = pooled.mul(dropoutMask);
        }
        return torch.linear(pooled, param(SkeletonClassifier.HEAD + "fc.w"), new TensorOptional(param(SkeletonClassifier.HEAD + "fc.b")));
    }

    /** Mean over rows of −Σ labels · log softmax(logits), the ND4J graph's softmax cross-entropy. */
    static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
        return torch.log_softmax(logits, 1).mul(oneHot).sum(1).mean().neg();
    }

    /**
     * Folds the batch statistics of the last training forward pass into the running averages, as the ND4J engine
     * does: r ← (1 − m)·r + m·b, the variance made unbiased with n = rows · (H·W of the layer's map).
     */
    void updateRunningAverages(long rows, double momentum) {
        try (NoGradGuard off = new NoGradGuard()) {
            for (BatchStats b : batchStats) {
                double n = (double) rows * b.perRow();
                double unbiased = n > 1 ? n / (n - 1) : 1;
                Tensor var = b.invStd().pow(new Scalar(-2.0)).sub(new Scalar(cfg.bnEpsilon()));
                state(b.name() + ".running_mean").mul_(new Scalar(1 - momentum)).add_(b.mean().mul(new Scalar(momentum)));
                state(b.name() + ".running_var").mul_(new Scalar(1 - momentum)).add_(var.mul(new Scalar(momentum * unbiased)));
            }
        }
        batchStats.clear();
    }

    /** The gradients of {@code names} after a backward pass, in the store's layout (convolution weights (kh, kw, in, out)). */
    Map<String, INDArray> gradients(List<String> names, DataType dtype) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : names) {
            Tensor g = param(name).grad();
            if (g.defined()) {
                out.put(name, TorchArrays.array(g.dim() == 4 ? g.permute(2, 3, 1, 0) : g).castTo(dtype));
            }
        }
        return out;
    }

    /** Drops the gradients of the previous step. */
    void clearGradients() {
        params.values().forEach(p -> {
            if (p.grad().defined()) {
                p.grad().zero_();
            }
        });
        batchStats.clear();
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

    /** BatchNorm2d: on batch statistics in training mode (kept for the running averages), else on the running averages. */
    private Tensor bn(String name, Tensor x, boolean train, boolean affine) {
        TensorOptional gamma = affine ? new TensorOptional(param(name + ".gamma")) : new TensorOptional();
        TensorOptional beta = affine ? new TensorOptional(param(name + ".beta")) : new TensorOptional();
        if (train) {
            T_TensorTensorTensor_T out = torch.native_batch_norm(x, gamma, beta, new TensorOptional(), new TensorOptional(),
                    true, 0.0, cfg.bnEpsilon());
            batchStats.add(new BatchStats(name, out.get1(), out.get2(), x.size(2) * x.size(3)));
            return out.get0();
        }
        return torch.batch_norm(x, gamma, beta, new TensorOptional(state(name + ".running_mean")),
                new TensorOptional(state(name + ".running_var")), false, 0.0, cfg.bnEpsilon(), false);
    }

    private Tensor act(Tensor x) {
        return torch.leaky_relu(x, new Scalar(cfg.leakySlope()));
    }

    Tensor param(String name) {
        Tensor p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("the parameter store has no parameter " + name + " (preset " + cfg.name() + ")");
        }
        return p;
    }

    private Tensor state(String name) {
        Tensor s = state.get(name);
        if (s == null) {
            throw new IllegalStateException("the parameter store has no BatchNorm state " + name + " (preset " + cfg.name() + ")");
        }
        return s;
    }

    /** A store parameter as libtorch lays it out: convolution weights (kh, kw, in, out) → (out, in, kh, kw). */
    private static Tensor storeToTorch(INDArray value) {
        Tensor t = TorchArrays.tensor(value);
        return t.dim() == 4 ? t.permute(3, 2, 0, 1).contiguous() : t;
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

    /** Releases the tensors. */
    @Override
    public void close() {
        params.values().forEach(Tensor::close);
        state.values().forEach(Tensor::close);
        encodings.values().forEach(Tensor::close);
        params.clear();
        state.clear();
        encodings.clear();
    }
}
