package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.BlockSpec;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;
import org.skelmae.model.TokenPositions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The STTFormer classifier on libtorch, with the
 * parameters of a skelmae {@link ParameterStore}: the same names, the same shapes except convolution weights,
 * which the store keeps as (kh, kw, in, out) and libtorch as (out, in, kh, kw). The computation is the ND4J
 * graph's ({@code StaBlock}, {@code SttEncoder}, {@code SkeletonClassifier}) op for op, so the two engines give
 * the same loss and gradients to float32 rounding ({@code ClassifierParityTest}).
 *
 * <p>Tensors made by a step live in a {@link PointerScope} that ends with the step; the parameters are made
 * outside any scope and stay referenced by this object until {@link #close()}.
 */
public final class TorchSttFormer implements AutoCloseable {

    /** One training step's result: the loss and the gradient of every parameter, in the store's layout. */
    public record Step(double loss, Map<String, INDArray> gradients) {
    }

    private final ModelConfig cfg;
    private final int joints;
    private final int persons;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> state = new HashMap<>();
    /** Sinusoidal position tables by width, made outside any scope like the parameters (a scope would free them). */
    private final Map<Integer, Tensor> encodings = new HashMap<>();

    /** Copies every parameter and BatchNorm running average of {@code store} into libtorch tensors. */
    public TorchSttFormer(ModelConfig cfg, ParameterStore store, int joints, int persons) {
        this.cfg = cfg;
        this.joints = joints;
        this.persons = persons;
        store.params().forEach((name, value) -> {
            Tensor t = TorchArrays.tensor(value);
            if (t.dim() == 4) {
                t = t.permute(3, 2, 0, 1).contiguous();
            }
            // requires_grad_ returns a reference to t, not an owner: keep t itself, or the GC may free the parameter
            t.requires_grad_(true);
            params.put(name, t);
        });
        store.state().forEach((name, value) -> state.put(name, TorchArrays.tensor(value)));
        int slots = cfg.framesPerTuple() * joints;
        for (BlockSpec b : cfg.encoder()) {
            encodings.computeIfAbsent(b.in(), c -> {
                float[] table = TokenPositions.sinusoid(c, slots);
                if (store.dtype() != DataType.DOUBLE) {
                    return TorchArrays.tensor(table, c, slots);
                }
                double[] wide = new double[table.length];
                for (int i = 0; i < table.length; i++) {
                    wide[i] = table[i];
                }
                return TorchArrays.tensor(wide, c, slots);
            });
        }
    }

    /**
     * Forward and backward pass of the classifier on a batch, in training mode (BatchNorm on batch
     * statistics), as the ND4J training graph's step computes it.
     *
     * @param x      (N, 3, T, V, M) sequences, the ND4J graph's {@value SkeletonClassifier#X} input
     * @param labels (N, classes) one-hot labels
     */
    public Step classifierStep(INDArray x, INDArray labels) {
        try (PointerScope scope = new PointerScope()) {
            params.values().forEach(p -> {
                if (p.grad().defined()) {
                    p.grad().zero_();
                }
            });
            Tensor loss = crossEntropy(logits(TorchArrays.tensor(x), true), TorchArrays.tensor(labels));
            loss.backward();
            Map<String, INDArray> grads = new LinkedHashMap<>();
            params.forEach((name, p) -> {
                Tensor g = p.grad();
                if (g.defined()) {
                    grads.put(name, storeLayout(g));
                }
            });
            return new Step(loss.item_double(), grads);
        }
    }

    /** Logits of the classifier, (N, classes): encoder on every person-sequence, mean over tokens and persons, linear head. */
    public Tensor logits(Tensor x, boolean train) {
        int t = cfg.frames();
        Tensor rows = x.permute(0, 4, 1, 2, 3).reshape(-1, 3, t, joints);
        Tensor h = encoder(rows, train);
        long c = h.size(1);
        Tensor pooled = h.mean(2, 3).view(-1, persons, c).mean(1);
        return torch.linear(pooled, param(SkeletonClassifier.HEAD + "fc.w"), new TensorOptional(param(SkeletonClassifier.HEAD + "fc.b")));
    }

    /** Mean over rows of −Σ labels · log softmax(logits), the ND4J graph's softmax cross-entropy. */
    static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
        return torch.log_softmax(logits, 1).mul(oneHot).sum(1).mean().neg();
    }

    private Tensor encoder(Tensor rows, boolean train) {
        int l = cfg.framesPerTuple();
        Tensor h = rows.reshape(-1, 3, cfg.frames() / l, (long) l * joints);
        h = act(bn("enc.input.bn", conv("enc.input", h, 1, 1), train));
        if (cfg.inputEmbedding()) {
            h = h.add(embedding("enc.embed", h.size(1)));
        }
        for (int i = 0; i < cfg.encoder().size(); i++) {
            h = block("enc.block" + i, h, cfg.encoder().get(i), train);
        }
        return h;
    }

    /** The learned frame and joint embeddings on the full grid, (1, C, T/L, L·V). */
    private Tensor embedding(String name, long c) {
        int t = cfg.frames();
        int l = cfg.framesPerTuple();
        Tensor et = param(name + ".t").t().view(1, c, t, 1);
        Tensor ev = param(name + ".v").t().view(1, c, 1, joints);
        return et.add(ev).reshape(1, c, t / l, (long) l * joints);
    }

    /** One spatio-temporal attention block, as {@code StaBlock} builds it for ND4J. */
    private Tensor block(String name, Tensor x, BlockSpec spec, boolean train) {
        int ci = spec.in();
        int co = spec.out();
        int d = spec.qkv();
        int heads = cfg.heads();
        long n = x.size(0);
        long tp = x.size(2);
        long vp = x.size(3);
        Tensor xs = cfg.positionalEncoding() ? x.add(encoding(ci).view(1, ci, 1, vp)) : x;
        TensorVector qk = conv(name + ".qk", xs, 1, 1).view(n, 2L * heads, d, tp, vp).chunk(2, 1);
        Tensor scores = torch.einsum("nhctu,nhctv->nhuv", new TensorVector(qk.get(0), qk.get(1))).div(new Scalar((double) d * tp));
        Tensor attention = scores.tanh().mul(param(name + ".alpha").view(1, heads, 1, 1)).add(param(name + ".a0").unsqueeze(0));
        Tensor y = torch.einsum("nctu,nhuv->nhctv", new TensorVector(x, attention)).reshape(n, (long) heads * ci, tp, vp);
        Tensor proj = bn(name + ".proj.bn", conv(name + ".proj", y, 1, cfg.spatialKernel()), train);
        Tensor res = ci == co ? x : bn(name + ".ress.bn", conv(name + ".ress", x, 1, 1), train);
        Tensor x1 = act(proj.add(res));
        Tensor x2 = act(bn(name + ".ff.bn", conv(name + ".ff", x1, 1, 1), train).add(res));
        Tensor skip = ci == co ? x2 : bn(name + ".rest.bn", conv(name + ".rest", x2, 1, 1), train);
        return act(bn(name + ".tconv.bn", conv(name + ".tconv", x2, cfg.temporalKernel(), 1), train).add(skip));
    }

    /** The sinusoidal position table of the full layout for {@code channels}, (C, L·V), made with the parameters. */
    private Tensor encoding(int channels) {
        return encodings.get(channels);
    }

    private Tensor conv(String name, Tensor x, int kh, int kw) {
        return torch.conv2d(x, param(name + ".w"), new TensorOptional(param(name + ".b")),
                new long[]{1, 1}, new long[]{kh / 2, kw / 2}, new long[]{1, 1}, 1);
    }

    private Tensor bn(String name, Tensor x, boolean train) {
        TensorOptional gamma = new TensorOptional(param(name + ".gamma"));
        TensorOptional beta = new TensorOptional(param(name + ".beta"));
        if (train) {
            return torch.batch_norm(x, gamma, beta, new TensorOptional(), new TensorOptional(), true, 0.0, cfg.bnEpsilon(), false);
        }
        return torch.batch_norm(x, gamma, beta, new TensorOptional(state(name + ".running_mean")),
                new TensorOptional(state(name + ".running_var")), false, 0.0, cfg.bnEpsilon(), false);
    }

    private Tensor act(Tensor x) {
        return torch.leaky_relu(x, new Scalar(cfg.leakySlope()));
    }

    private Tensor param(String name) {
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

    /** A gradient in the store's layout: convolution weights back to (kh, kw, in, out). */
    private static INDArray storeLayout(Tensor g) {
        return TorchArrays.array(g.dim() == 4 ? g.permute(2, 3, 1, 0) : g);
    }

    /** Releases the parameter and state tensors. */
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
