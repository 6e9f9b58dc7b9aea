package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the libtorch networks share: the store stays the one copy of the weights, so every step and
 * {@link #syncFromStore()} copy its parameters in (the optimiser updated them) and a training step writes the
 * BatchNorm running averages back; each pass runs in its own {@link PointerScope}, so its tensors are freed when it
 * returns, not by the garbage collector. A subclass supplies the pass itself.
 */
abstract class TorchNetwork<M extends TorchModel> implements Network {

    /**
     * What one pass computed.
     *
     * @param loss    the scalar to differentiate (null when the inputs carry no target)
     * @param scalars the loss and its parts, by output name
     * @param arrays  the outputs a training step returns besides the scalars, by name
     * @param more    outputs only a forward pass returns, when asked for (e.g. the reconstruction)
     */
    record Pass(Tensor loss, Map<String, Tensor> scalars, Map<String, Tensor> arrays, Map<String, Tensor> more) {
    }

    final ParameterStore store;
    final M model;
    private final boolean training;
    private final List<String> parameters;
    private final List<String> lossNames;

    /**
     * @param parameters the store's parameters this network uses
     * @param lossNames  the loss first, then its parts
     */
    TorchNetwork(ParameterStore store, M model, boolean training, List<String> parameters, List<String> lossNames) {
        this.store = store;
        this.model = model;
        this.training = training;
        this.parameters = List.copyOf(parameters);
        this.lossNames = List.copyOf(lossNames);
    }

    /** The pass on {@code placeholders}, in training mode (BatchNorm on batch statistics, latent sampling) or not. */
    abstract Pass pass(Map<String, INDArray> placeholders, boolean train);

    @Override
    public final boolean training() {
        return training;
    }

    @Override
    public final ParameterStore store() {
        return store;
    }

    @Override
    public final List<String> parameters() {
        return parameters;
    }

    @Override
    public final List<String> lossNames() {
        return lossNames;
    }

    @Override
    public final Step step(Map<String, INDArray> placeholders, List<String> trainable, long rows, double bnMomentum) {
        if (!training) {
            throw new IllegalStateException("step() needs a training network; this one was built for evaluation");
        }
        try (PointerScope scope = new PointerScope()) {
            model.copyFrom(store);
            model.clearGradients();
            Pass p = pass(placeholders, true);
            if (p.loss() == null) {
                throw new IllegalArgumentException("a training step needs the target inputs, got " + new ArrayList<>(placeholders.keySet()));
            }
            p.loss().backward();
            model.updateRunningAverages(rows, bnMomentum);
            model.copyStateTo(store);
            return new Step(scalars(p), arrays(p.arrays(), p.arrays().keySet()), model.gradients(trainable, store.dtype()));
        }
    }

    @Override
    public final Step forward(Map<String, INDArray> placeholders, List<String> extra) {
        try (PointerScope scope = new PointerScope(); NoGradGuard off = new NoGradGuard()) {
            Pass p = pass(placeholders, false);
            Map<String, Tensor> all = new LinkedHashMap<>(p.arrays());
            all.putAll(p.more());
            for (String name : extra) {
                if (!all.containsKey(name)) {
                    throw new IllegalArgumentException("this libtorch network outputs " + all.keySet() + ", not " + name);
                }
            }
            return new Step(scalars(p), arrays(all, extra), Map.of());
        }
    }

    @Override
    public final void syncFromStore() {
        try (PointerScope scope = new PointerScope()) {
            model.copyFrom(store);
        }
    }

    /** libtorch's CPU allocator does not report what it holds; the working set is not measured on this engine. */
    @Override
    public final long workingSetBytes() {
        return 0;
    }

    @Override
    public final void close() {
        model.close();
    }

    private static Map<String, Double> scalars(Pass p) {
        Map<String, Double> out = new LinkedHashMap<>();
        p.scalars().forEach((k, v) -> out.put(k, v.item_double()));
        return out;
    }

    private Map<String, INDArray> arrays(Map<String, Tensor> outputs, Iterable<String> names) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : names) {
            Tensor t = outputs.get(name).detach();
            boolean integral = !t.is_floating_point();
            out.put(name, integral ? TorchArrays.longArray(t) : TorchArrays.array(t).castTo(store.dtype()));
        }
        return out;
    }

    /** A float input as a tensor on the engine's device (copied). */
    static Tensor input(Map<String, INDArray> placeholders, String name) {
        return LibTorch.place(TorchArrays.tensor(required(placeholders, name)));
    }

    /** An integer input (indices) as an int64 tensor on the engine's device (copied). */
    static Tensor indices(Map<String, INDArray> placeholders, String name) {
        return LibTorch.place(TorchArrays.indices(required(placeholders, name)));
    }

    /** A float input that may be absent, as a tensor on the engine's device, or null. */
    static Tensor optional(Map<String, INDArray> placeholders, String name) {
        INDArray a = placeholders.get(name);
        return a == null ? null : LibTorch.place(TorchArrays.tensor(a));
    }

    private static INDArray required(Map<String, INDArray> placeholders, String name) {
        INDArray a = placeholders.get(name);
        if (a == null) {
            throw new IllegalArgumentException("this network needs input " + name + ", got " + new ArrayList<>(placeholders.keySet()));
        }
        return a;
    }
}
