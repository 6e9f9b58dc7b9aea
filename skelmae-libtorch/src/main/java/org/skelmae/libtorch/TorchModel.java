package org.skelmae.libtorch;

import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.ParameterStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What every model on libtorch shares: tensors that mirror a skelmae {@link ParameterStore} (the same names and
 * shapes, except convolution weights, which the store keeps as (kh, kw, in, out) and libtorch as (out, in, kh, kw)),
 * copying them in and the gradients and BatchNorm running averages out, and BatchNorm itself, whose running averages
 * are updated the way the ND4J engine updates them. A subclass is one family's computation, op for op the ND4J
 * graph's, so the two engines give the same loss and gradients to rounding (the parity tests).
 *
 * <p>The tensors are made outside any {@code PointerScope} and stay referenced here until {@link #close()} (a
 * scope, or a lost reference, would free them); a caller runs each step inside its own scope.
 */
abstract class TorchModel implements AutoCloseable {

    /**
     * A training-mode BatchNorm's batch statistics, kept until the running averages are updated.
     *
     * @param perRow values per channel the layer normalised for each row a step reports
     */
    private record BatchStats(String name, Tensor mean, Tensor invStd, double perRow) {
    }

    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private final List<BatchStats> batchStats = new ArrayList<>();
    private final double bnEpsilon;
    /** Float type of the store (float32, or float64 in the parity tests), for tensors made here. */
    final TensorOptions floats;

    /**
     * Makes a tensor for every parameter and BatchNorm running average of {@code store}, with the store's values.
     *
     * @param frozen the parameters that get no gradients (a linear probe's encoder)
     */
    TorchModel(ParameterStore store, double bnEpsilon, Predicate<String> frozen) {
        this.bnEpsilon = bnEpsilon;
        store.params().forEach((name, value) -> {
            Tensor t = LibTorch.place(storeToTorch(value));
            // requires_grad_ returns a reference to t, not an owner: keep t itself, or the GC may free the parameter
            t.requires_grad_(!frozen.test(name));
            params.put(name, t);
        });
        store.state().forEach((name, value) -> state.put(name, LibTorch.place(TorchArrays.tensor(value))));
        this.floats = new TensorOptions(store.dtype() == DataType.DOUBLE ? torch.ScalarType.Double : torch.ScalarType.Float)
                .device(new DeviceOptional(LibTorch.device()));
    }

    /**
     * Copies the store's current parameters and running averages into the tensors (after an optimiser step, a
     * restore), from the host to wherever the tensors live.
     */
    final void copyFrom(ParameterStore store) {
        try (NoGradGuard off = new NoGradGuard()) {
            params.forEach((name, p) -> p.copy_(storeToTorch(store.params().get(name))));
            state.forEach((name, s) -> s.copy_(TorchArrays.tensor(store.state().get(name))));
        }
    }

    /** Writes the running averages back into the store. */
    final void copyStateTo(ParameterStore store) {
        state.forEach((name, s) -> store.state().get(name).assign(TorchArrays.array(s).castTo(store.dtype())));
    }

    /**
     * Folds the batch statistics of the last training forward pass into the running averages, as the ND4J engine
     * does: r ← (1 − m)·r + m·b, the variance made unbiased with n = rows · (values per row of the layer).
     */
    final void updateRunningAverages(long rows, double momentum) {
        try (NoGradGuard off = new NoGradGuard()) {
            for (BatchStats b : batchStats) {
                double n = rows * b.perRow();
                double unbiased = n > 1 ? n / (n - 1) : 1;
                Tensor var = b.invStd().pow(new Scalar(-2.0)).sub(new Scalar(bnEpsilon));
                state(b.name() + ".running_mean").mul_(new Scalar(1 - momentum)).add_(b.mean().mul(new Scalar(momentum)));
                state(b.name() + ".running_var").mul_(new Scalar(1 - momentum)).add_(var.mul(new Scalar(momentum * unbiased)));
            }
        }
        batchStats.clear();
    }

    /** The gradients of {@code names} after a backward pass, in the store's layout (convolution weights (kh, kw, in, out)). */
    final Map<String, INDArray> gradients(List<String> names, DataType dtype) {
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
    final void clearGradients() {
        params.values().forEach(p -> {
            if (p.grad().defined()) {
                p.grad().zero_();
            }
        });
        batchStats.clear();
    }

    /**
     * BatchNorm2d on (N, C, H, W): on batch statistics in training mode (kept for the running averages), else on the
     * running averages.
     *
     * @param perRow values per channel for each row a step reports, for the running variance's unbiased factor
     */
    final Tensor bn(String name, Tensor x, boolean train, boolean affine, double perRow) {
        TensorOptional gamma = affine ? new TensorOptional(param(name + ".gamma")) : new TensorOptional();
        TensorOptional beta = affine ? new TensorOptional(param(name + ".beta")) : new TensorOptional();
        if (train) {
            T_TensorTensorTensor_T out = torch.native_batch_norm(x, gamma, beta, new TensorOptional(), new TensorOptional(),
                    true, 0.0, bnEpsilon);
            batchStats.add(new BatchStats(name, out.get1(), out.get2(), perRow));
            return out.get0();
        }
        return torch.batch_norm(x, gamma, beta, new TensorOptional(state(name + ".running_mean")),
                new TensorOptional(state(name + ".running_var")), false, 0.0, bnEpsilon, false);
    }

    /** x·Wᵀ + b with the store's (out, in) weight {@code name.w} and bias {@code name.b}. */
    final Tensor linear(String name, Tensor x) {
        return torch.linear(x, param(name + ".w"), new TensorOptional(param(name + ".b")));
    }

    /** Mean over rows of −Σ labels · log softmax(logits), the ND4J graph's softmax cross-entropy. */
    static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
        return torch.log_softmax(logits, 1).mul(oneHot).sum(1).mean().neg();
    }

    final Tensor param(String name) {
        Tensor p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("the parameter store has no parameter " + name + " (" + describe() + ")");
        }
        return p;
    }

    private Tensor state(String name) {
        Tensor s = state.get(name);
        if (s == null) {
            throw new IllegalStateException("the parameter store has no BatchNorm state " + name + " (" + describe() + ")");
        }
        return s;
    }

    /** What model this is, for error messages (e.g. "preset cpu-mae"). */
    abstract String describe();

    /** A store parameter as libtorch lays it out, on the host: convolution weights (kh, kw, in, out) → (out, in, kh, kw). */
    private static Tensor storeToTorch(INDArray value) {
        Tensor t = TorchArrays.tensor(value);
        return t.dim() == 4 ? t.permute(3, 2, 0, 1).contiguous() : t;
    }

    /** Releases the tensors. */
    @Override
    public void close() {
        params.values().forEach(Tensor::close);
        state.values().forEach(Tensor::close);
        params.clear();
        state.clear();
    }
}
