package org.skelmae.libtorch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.SkeletonClassifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STTFormer classifier as a libtorch {@link Network}: the same inputs ({@value SkeletonClassifier#X},
 * {@value SkeletonClassifier#LABELS}, optionally {@value SkeletonClassifier#DROPOUT_MASK}), outputs (the loss, and
 * {@value SkeletonClassifier#LOGITS} as an extra output of a training step) and parameter names as the ND4J graph
 * {@link SkeletonClassifier#build} makes, so a training phase runs on either.
 *
 * <p>The store stays the one copy of the weights: every step and {@link #syncFromStore()} copy its parameters in
 * (the optimiser updated them), and a training step writes the BatchNorm running averages back. Each pass runs in
 * its own {@link PointerScope}, so the step's tensors are freed when it returns, not by the garbage collector.
 */
final class TorchClassifier implements Network {

    private final ParameterStore store;
    private final boolean training;
    private final boolean probe;
    private final TorchSttFormer model;
    private final List<String> parameters;

    TorchClassifier(ModelConfig cfg, ParameterStore store, int joints, int persons, int classes, boolean training, boolean probe) {
        this.store = store;
        this.training = training;
        this.probe = probe;
        // the ND4J graph creates the parameters (names, shapes, initial values) in the store; this engine reads them
        SkeletonClassifier.build(cfg, store, joints, persons, classes, false, probe).close();
        this.parameters = List.copyOf(store.params().keySet());
        this.model = new TorchSttFormer(cfg, store, joints, persons, probe);
    }

    @Override
    public boolean training() {
        return training;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public List<String> lossNames() {
        return List.of(SkeletonClassifier.LOSS);
    }

    @Override
    public Step step(Map<String, INDArray> placeholders, List<String> trainable, long rows, double bnMomentum) {
        if (!training) {
            throw new IllegalStateException("step() needs a training network; this one was built for evaluation");
        }
        try (PointerScope scope = new PointerScope()) {
            model.copyFrom(store);
            model.clearGradients();
            Tensor logits = model.logits(input(placeholders, SkeletonClassifier.X), true, probe, optional(placeholders, SkeletonClassifier.DROPOUT_MASK));
            Tensor loss = TorchSttFormer.crossEntropy(logits, input(placeholders, SkeletonClassifier.LABELS));
            loss.backward();
            model.updateRunningAverages(rows, bnMomentum);
            model.copyStateTo(store);
            Map<String, Double> scalars = Map.of(SkeletonClassifier.LOSS, loss.item_double());
            Map<String, INDArray> arrays = Map.of(SkeletonClassifier.LOGITS, TorchArrays.array(logits.detach()).castTo(store.dtype()));
            return new Step(scalars, arrays, model.gradients(trainable, store.dtype()));
        }
    }

    @Override
    public Step forward(Map<String, INDArray> placeholders, List<String> extra) {
        try (PointerScope scope = new PointerScope(); NoGradGuard off = new NoGradGuard()) {
            Tensor logits = model.logits(input(placeholders, SkeletonClassifier.X), false, probe, null);
            Map<String, Double> scalars = new LinkedHashMap<>();
            if (placeholders.containsKey(SkeletonClassifier.LABELS)) {
                scalars.put(SkeletonClassifier.LOSS, TorchSttFormer.crossEntropy(logits, input(placeholders, SkeletonClassifier.LABELS)).item_double());
            }
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (String name : extra) {
                if (!name.equals(SkeletonClassifier.LOGITS)) {
                    throw new IllegalArgumentException("the libtorch classifier outputs " + SkeletonClassifier.LOGITS + ", not " + name);
                }
                arrays.put(name, TorchArrays.array(logits).castTo(store.dtype()));
            }
            return new Step(scalars, arrays, Map.of());
        }
    }

    @Override
    public void syncFromStore() {
        try (PointerScope scope = new PointerScope()) {
            model.copyFrom(store);
        }
    }

    /** libtorch's CPU allocator does not report what it holds; the working set is not measured on this engine. */
    @Override
    public long workingSetBytes() {
        return 0;
    }

    @Override
    public void close() {
        model.close();
    }

    private static Tensor input(Map<String, INDArray> placeholders, String name) {
        INDArray a = placeholders.get(name);
        if (a == null) {
            throw new IllegalArgumentException("the classifier needs input " + name + ", got " + new ArrayList<>(placeholders.keySet()));
        }
        return TorchArrays.tensor(a);
    }

    private static Tensor optional(Map<String, INDArray> placeholders, String name) {
        INDArray a = placeholders.get(name);
        return a == null ? null : TorchArrays.tensor(a);
    }
}
