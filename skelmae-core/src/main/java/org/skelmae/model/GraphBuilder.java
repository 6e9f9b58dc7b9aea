package org.skelmae.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds a SameDiff graph over a {@link ParameterStore}: parameters become graph variables initialised
 * from the store, and the layer helpers here (convolution, BatchNorm, LeakyReLU, linear) are the
 * building blocks of the STTFormer graphs. A builder makes either a training graph (BatchNorm on batch
 * statistics, which it exposes as outputs so the caller can update the running averages) or an
 * evaluation graph (BatchNorm on the running averages).
 */
public final class GraphBuilder {

    /**
     * A BatchNorm layer of the graph.
     *
     * @param name        parameter prefix
     * @param channels    C
     * @param spatial     positions per sample reduced together with the batch (H·W of the input)
     * @param countPerRow values per channel the layer normalises for each row a step reports: n = rows × countPerRow in
     *                    the running variance's unbiased factor n / (n − 1); {@code spatial} unless a model's layers
     *                    see different row counts in one step
     */
    public record BatchNormLayer(String name, int channels, long spatial, double countPerRow) {
        public String batchMean() { return name + ".batch_mean"; }
        public String batchVar() { return name + ".batch_var"; }
        public String runningMean() { return name + ".running_mean"; }
        public String runningVar() { return name + ".running_var"; }
    }

    static {
        HostedOp.registerAll();
    }

    private final SameDiff sd = SameDiff.create();
    private final ParameterStore store;
    private boolean training;
    private final double leakySlope;
    private final double bnEpsilon;
    private final List<BatchNormLayer> batchNorms = new ArrayList<>();
    private final Map<String, String> opRoles = new LinkedHashMap<>();

    public GraphBuilder(ParameterStore store, boolean training, double leakySlope, double bnEpsilon) {
        this.store = store;
        this.training = training;
        this.leakySlope = leakySlope;
        this.bnEpsilon = bnEpsilon;
    }

    public SameDiff sd() {
        return sd;
    }

    public boolean training() {
        return training;
    }

    /** Switches the mode of the layers built from now on (a frozen encoder under a trained head). */
    public void training(boolean t) {
        this.training = t;
    }

    public DataType dtype() {
        return store.dtype();
    }

    public ParameterStore store() {
        return store;
    }

    public List<BatchNormLayer> batchNorms() {
        return batchNorms;
    }

    /**
     * Which layer helper of this builder created each op: op name to {@code conv}, {@code batchnorm},
     * {@code activation}, {@code linear} or {@code onehot}. Ops built directly on the SameDiff instance
     * (attention, residual adds, reshapes, losses) are absent. Profiles use it to charge the many small
     * ops of the written-out BatchNorm to BatchNorm rather than to "add" or "multiply".
     */
    public Map<String, String> opRoles() {
        return Collections.unmodifiableMap(opRoles);
    }

    /**
     * Runs {@code build} and records {@code role} for every op it added. SameDiff keeps its ops in
     * insertion order, so the new ones are those past the old count; an enclosing helper runs its tag
     * last and so overrides the tags of helpers it calls.
     */
    private <T> T tagged(String role, Supplier<T> build) {
        int before = sd.getOps().size();
        T out = build.get();
        int i = 0;
        for (String op : sd.getOps().keySet()) {
            if (i++ >= before) {
                opRoles.put(op, role);
            }
        }
        return out;
    }

    /** The graph variable of a parameter, created (and initialised in the store) on first use. */
    public SDVariable param(String name, long[] shape, Init init) {
        if (sd.hasVariable(name)) {
            return sd.getVariable(name);
        }
        return sd.var(name, store.param(name, shape, init));
    }

    /** A placeholder of the model's float type. */
    public SDVariable input(String name, long... shape) {
        return sd.placeHolder(name, dtype(), shape);
    }

    /** An integer index placeholder. */
    public SDVariable indices(String name, long... shape) {
        return sd.placeHolder(name, DataType.INT, shape);
    }

    /**
     * Conv2d NCHW with bias and "same" padding for odd kernels. The weight is (kh, kw, in, out): the only
     * layout whose backward pass works in ND4J 1.0.0-M2.1 (PyTorch's (out, in, kh, kw) is a permutation).
     */
    public SDVariable conv(String name, SDVariable x, int in, int out, int kh, int kw) {
        SDVariable w = param(name + ".w", new long[]{kh, kw, in, out}, Init.kaimingFanOut());
        SDVariable b = param(name + ".b", new long[]{out}, Init.uniformBias((long) in * kh * kw));
        Conv2DConfig c = Conv2DConfig.builder().kH(kh).kW(kw).pH(kh / 2).pW(kw / 2).sH(1).sW(1).dH(1).dW(1)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
        return tagged("conv", () -> sd.cnn().conv2d(x, w, b, c));
    }

    /**
     * A 1×1 convolution with one parameter pair (weight (1, 1, in, out), bias (out)) whose output channels
     * are returned as two halves, each computed by its own convolution on a slice of the weight.
     */
    public SDVariable[] splitConv(String name, SDVariable x, int in, int out) {
        SDVariable w = param(name + ".w", new long[]{1, 1, in, out}, Init.kaimingFanOut());
        SDVariable b = param(name + ".b", new long[]{out}, Init.uniformBias(in));
        int half = out / 2;
        Conv2DConfig c = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).dH(1).dW(1)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
        return tagged("conv", () -> {
            SDVariable[] ws = sd.split(w, 2, 3);
            SDVariable[] bs = sd.split(b, 2, 0);
            return new SDVariable[]{sd.cnn().conv2d(x, ws[0], bs[0], c), sd.cnn().conv2d(x, ws[1], bs[1], c)};
        });
    }

    /**
     * BatchNorm2d over (N, C, H, W) with γ = 1, β = 0 initially. In a training graph it normalises with
     * the batch statistics and names them as outputs; in an evaluation graph it uses the running
     * averages held as graph arrays {@code <name>.running_mean/var}.
     */
    public SDVariable batchNorm(String name, SDVariable x, int channels, long spatial) {
        return batchNorm(name, x, channels, spatial, true);
    }

    /** BatchNorm, optionally without the learnable scale and shift. */
    public SDVariable batchNorm(String name, SDVariable x, int channels, long spatial, boolean affine) {
        return batchNorm(name, x, channels, spatial, affine, spatial);
    }

    /**
     * BatchNorm whose running variance counts {@code countPerRow} values per channel for each row a step reports
     * (see {@link BatchNormLayer}).
     */
    public SDVariable batchNorm(String name, SDVariable x, int channels, long spatial, boolean affine, double countPerRow) {
        return tagged("batchnorm", () -> batchNormLayer(name, x, channels, spatial, affine, countPerRow));
    }

    private SDVariable batchNormLayer(String name, SDVariable x, int channels, long spatial, boolean affine, double countPerRow) {
        BatchNormLayer layer = new BatchNormLayer(name, channels, spatial, countPerRow);
        batchNorms.add(layer);
        store.state(layer.runningMean(), new long[]{channels}, 0);
        store.state(layer.runningVar(), new long[]{channels}, 1);
        SDVariable gamma = affine ? param(name + ".gamma", new long[]{channels}, Init.constant(1))
                : sd.constant(org.nd4j.linalg.factory.Nd4j.ones(dtype(), channels));
        SDVariable beta = affine ? param(name + ".beta", new long[]{channels}, Init.constant(0))
                : sd.constant(org.nd4j.linalg.factory.Nd4j.zeros(dtype(), channels));
        if (training) {
            SDVariable[] normalised = BatchNormOps.apply(sd, x, spatial, gamma, beta, bnEpsilon);
            sd.identity(layer.batchMean(), normalised[1]);
            sd.identity(layer.batchVar(), normalised[2]);
            return normalised[0];
        }
        SDVariable mean = sd.var(layer.runningMean(), store.state().get(layer.runningMean())).reshape(1, channels, 1, 1);
        SDVariable var = sd.var(layer.runningVar(), store.state().get(layer.runningVar())).reshape(1, channels, 1, 1);
        SDVariable scale = sd.math().rsqrt(var.add(bnEpsilon)).mul(gamma.reshape(1, channels, 1, 1));
        return perChannel(x.sub(mean), scale).add(beta.reshape(1, channels, 1, 1));
    }

    /**
     * x (N, C, ...) times a per-channel factor (1, C, 1, ...). ND4J 1.0.0-M2.1's backward of a multiply
     * that broadcasts over a middle axis is ~40x slower than a same-shape one, while a broadcasting add
     * is fast: so the factor is first broadcast by an add, then multiplied element-wise.
     */
    public SDVariable perChannel(SDVariable x, SDVariable factor) {
        return x.mul(sd.zerosLike(x).add(factor));
    }

    /** LeakyReLU with the builder's leak: max(x, a·x) with a written backward ({@link LeakyReluOps}). */
    public SDVariable leakyRelu(SDVariable x) {
        return tagged("activation", () -> LeakyReluOps.apply(sd, x, leakySlope));
    }

    /** x (N, in) → (N, out) with a PyTorch-style weight (out, in), Xavier-normal, bias 0. */
    public SDVariable linear(String name, SDVariable x, long in, long out) {
        SDVariable w = param(name + ".w", new long[]{out, in}, Init.xavierNormal(in, out));
        SDVariable b = param(name + ".b", new long[]{out}, Init.constant(0));
        return tagged("linear", () -> sd.mmul(x, w, false, true, false).add(b));
    }

    /** Stop-gradient: forward identity, no gradient. */
    public SDVariable stopGradient(SDVariable x) {
        return new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd, x).outputVariable();
    }

    /** One-hot rows of an index placeholder, in the model's float type. */
    public SDVariable oneHot(SDVariable idx, int depth) {
        return tagged("onehot", () -> sd.oneHot(idx, depth, -1, 1.0, 0.0, dtype()));
    }
}
