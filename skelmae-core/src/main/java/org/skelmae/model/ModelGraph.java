package org.skelmae.model;

import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built SameDiff graph bound to its {@link ParameterStore}: the ND4J engine's {@link Network}. A training graph owns the live parameter
 * arrays (the store is re-pointed at them, so an optimiser updating the store updates the graph) and,
 * after each step, folds the batch statistics of every BatchNorm into the store's running averages. An
 * evaluation graph reads parameters and running averages from the store on {@link #syncFromStore()}.
 */
public final class ModelGraph implements Network {

    private final SameDiff sd;
    private final ParameterStore store;
    private final boolean training;
    private final List<GraphBuilder.BatchNormLayer> batchNorms;
    private final String loss;
    private final List<String> lossParts;
    private final List<String> extraOutputs;
    private final List<String> parameters;
    private final BufferPool pool = new BufferPool(BufferPool.defaultCapacity());
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private final Map<String, String> opRoles;
    private final Map<String, String> backwardOwners;

    /**
     * Binds a graph a model family built with {@code g}.
     *
     * @param training     a training graph takes ownership of the store's parameter arrays
     * @param loss         the loss variable (a scalar)
     * @param lossParts    scalar outputs reported beside the loss
     * @param extraOutputs other outputs a step returns as arrays
     */
    public ModelGraph(GraphBuilder g, boolean training, String loss, List<String> lossParts, List<String> extraOutputs) {
        this.sd = g.sd();
        this.store = g.store();
        this.training = training;
        this.batchNorms = List.copyOf(g.batchNorms());
        this.loss = loss;
        this.lossParts = List.copyOf(lossParts);
        this.extraOutputs = List.copyOf(extraOutputs);
        List<String> params = new ArrayList<>();
        for (String name : store.params().keySet()) {
            if (sd.hasVariable(name)) {
                params.add(name);
            }
        }
        this.parameters = List.copyOf(params);
        this.opRoles = Map.copyOf(g.opRoles());
        Map<String, String> owners = Map.of();
        if (training) {
            for (String name : parameters) {
                store.rebind(name, sd.getArrForVarName(name));
            }
            owners = createGradientsQuietly(sd);
        }
        this.backwardOwners = Collections.unmodifiableMap(owners);
    }

    @Override
    public boolean training() {
        return training;
    }

    @Override
    public long workingSetBytes() {
        return pool.ownedBytes();
    }

    /** The activation memory manager of this graph. */
    public BufferPool pool() {
        return pool;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    @Override
    public ParameterStore store() {
        return store;
    }

    /** Names of the store's parameters this graph uses. */
    @Override
    public List<String> parameters() {
        return parameters;
    }

    /**
     * The layer helper that created each forward op (see {@link GraphBuilder#opRoles()}); ops built
     * outside the helpers are absent.
     */
    public Map<String, String> opRoles() {
        return opRoles;
    }

    /**
     * For a training graph, the forward op each backward op was created to differentiate: key an op of
     * the {@code "grad"} function that is not in the forward graph (a {@code *_bp} op, a gradient
     * accumulation {@code add}, a {@code zeroslike} for an unused output), value the forward op's name.
     * Empty for an evaluation graph. Profiles charge backward time to forward ops with it.
     */
    public Map<String, String> backwardOwners() {
        return backwardOwners;
    }

    /** Names of the loss and its parts. */
    @Override
    public List<String> lossNames() {
        List<String> all = new ArrayList<>();
        all.add(loss);
        all.addAll(lossParts);
        return all;
    }

    /**
     * Forward and backward pass: returns the loss parts, the extra outputs and the gradients of
     * {@code trainable}, and updates the BatchNorm running averages from this batch.
     *
     * @param rows batch rows the BatchNorm layers saw (for the unbiased running variance)
     */
    @Override
    public Step step(Map<String, INDArray> placeholders, List<String> trainable, long rows, double bnMomentum) {
        List<String> outputs = new ArrayList<>(lossNames());
        outputs.addAll(extraOutputs);
        for (GraphBuilder.BatchNormLayer bn : batchNorms) {
            if (sd.hasVariable(bn.batchMean())) {
                outputs.add(bn.batchMean());
                outputs.add(bn.batchVar());
            }
        }
        pool.attach(sd);
        try {
            OutAndGrad og = forwardBackward(placeholders, outputs, trainable);
            Map<String, INDArray> out = og.getOutputs();
            for (GraphBuilder.BatchNormLayer bn : batchNorms) {
                INDArray mean = out.remove(bn.batchMean());
                INDArray var = out.remove(bn.batchVar());
                if (mean == null) {
                    continue;
                }
                double n = rows * bn.countPerRow();
                double unbiased = n > 1 ? n / (double) (n - 1) : 1;
                store.state().get(bn.runningMean()).muli(1 - bnMomentum).addi(mean.mul(bnMomentum));
                store.state().get(bn.runningVar()).muli(1 - bnMomentum).addi(var.mul(bnMomentum * unbiased));
            }
            Map<String, INDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : og.getGradients().entrySet()) {
                INDArray keep = gradients.get(e.getKey());
                if (keep == null || !java.util.Arrays.equals(keep.shape(), e.getValue().shape())) {
                    keep = e.getValue().dup();
                    gradients.put(e.getKey(), keep);
                } else {
                    keep.assign(e.getValue());
                }
                grads.put(e.getKey(), keep);
            }
            return new Step(scalars(out), copies(out), grads);
        } finally {
            pool.releaseAll();
        }
    }

    /**
     * What {@code SameDiff.calculateGradientsAndOutputs} does, except that the session releases every array
     * at its last use. SameDiff's own method switches releases off for the gradient function
     * ({@code setEnableCache(false)}, which in ND4J 1.0.0-M2.1 gates nothing else), so every intermediate
     * of a training step stayed allocated until the step ended: 12 GB for a paper-preset pre-training step
     * of two samples. With releases on, the buffer pool hands a released buffer to the next op that needs
     * one, and the step's working set is what is live at once. The pass runs through SameDiff's own
     * (protected) execution entry point, with the TRAINING operation and the graph's listeners, as the
     * original does.
     */
    private OutAndGrad forwardBackward(Map<String, INDArray> placeholders, List<String> outputs, List<String> trainable) {
        SameDiff grad = sd.getFunction("grad");
        List<String> names = new ArrayList<>(outputs);
        Map<String, String> gradientNames = new LinkedHashMap<>();
        for (String p : trainable) {
            org.nd4j.autodiff.samediff.SDVariable g = sd.getVariable(p).getGradient();
            if (g != null) {
                gradientNames.put(p, g.name());
                names.add(g.name());
            }
        }
        grad.setEnableCache(true);
        grad.setListeners(sd.getListeners());
        ExecutionResult result;
        try {
            result = (ExecutionResult) BATCH_OUTPUT.invoke(grad, placeholders, null, Operation.TRAINING, names.toArray(new String[0]));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot run SameDiff's gradient function", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("SameDiff's gradient function failed", e.getCause());
        }
        Map<String, INDArray> values = new HashMap<>();
        if (result.hasValues()) {
            result.getValueOutputs().forEach((k, v) -> values.put(k, v.getTensorValue()));
        } else if (result.hasSingle()) {
            values.putAll(ExecutionResult.unpack(result.getOutputs()));
        }
        Map<String, INDArray> out = new HashMap<>();
        for (String o : outputs) {
            out.put(o, values.get(o));
        }
        Map<String, INDArray> grads = new HashMap<>();
        gradientNames.forEach((p, g) -> grads.put(p, values.get(g)));
        return new OutAndGrad(out, grads);
    }

    /** {@code SameDiff.batchOutputHelper(Map, List<Listener>, Operation, String...)}. */
    private static final java.lang.reflect.Method BATCH_OUTPUT;

    static {
        try {
            BATCH_OUTPUT = SameDiff.class.getDeclaredMethod("batchOutputHelper", Map.class, List.class, Operation.class, String[].class);
            BATCH_OUTPUT.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("ND4J's SameDiff lacks batchOutputHelper(Map, List, Operation, String...): "
                    + "skelmae needs ND4J 1.0.0-M2.1");
        }
    }

    /** Forward pass only. Scalars are returned as doubles, the rest as arrays (caller closes them). */
    @Override
    public Step forward(Map<String, INDArray> placeholders, List<String> extra) {
        List<String> outputs = new ArrayList<>(lossNames());
        outputs.addAll(extra);
        pool.attach(sd);
        try {
            Map<String, INDArray> out = new LinkedHashMap<>(sd.output(placeholders, outputs));
            return new Step(scalars(out), copies(out), Map.of());
        } finally {
            pool.releaseAll();
        }
    }

    private Map<String, Double> scalars(Map<String, INDArray> out) {
        Map<String, Double> s = new LinkedHashMap<>();
        for (String name : lossNames()) {
            INDArray a = out.remove(name);
            if (a != null) {
                s.put(name, a.getDouble(0));
            }
        }
        return s;
    }

    /** Copies of the remaining outputs: the originals live in pooled buffers that are about to be reused. */
    private static Map<String, INDArray> copies(Map<String, INDArray> out) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        out.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    /** Copies parameters and BatchNorm running averages from the store into this (evaluation) graph. */
    @Override
    public void syncFromStore() {
        for (String name : parameters) {
            INDArray mine = sd.getArrForVarName(name);
            INDArray src = store.params().get(name);
            if (mine != src) {
                mine.assign(src);
            }
        }
        for (Map.Entry<String, INDArray> e : store.state().entrySet()) {
            if (sd.hasVariable(e.getKey())) {
                sd.getArrForVarName(e.getKey()).assign(e.getValue());
            }
        }
    }

    /**
     * Builds the backward graph now. ND4J 1.0.0-M2.1 prints "Added differentiated op X" to standard
     * output right after creating the backward ops of forward op X (zeroslike for unused outputs, the
     * op's own backward, accumulation adds); those lines are filtered out, everything else printed
     * meanwhile passes. Each line is also the only place where the backward ops can be traced to their
     * forward op, so the ops that appeared in the "grad" function since the previous line are recorded
     * as X's. The grad function is registered before the first op is differentiated, so it is visible
     * from here.
     *
     * @return backward op name to forward op name
     */
    private static synchronized Map<String, String> createGradientsQuietly(SameDiff sd) {
        String marker = "Added differentiated op ";
        Map<String, String> owners = new HashMap<>();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    String s = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                    line.reset();
                    if (s.startsWith(marker)) {
                        recordOwner(sd, s.substring(marker.length()).trim(), owners);
                    } else {
                        original.println(s);
                    }
                } else {
                    line.write(b);
                }
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(original);
        }
        return owners;
    }

    private static void recordOwner(SameDiff sd, String forwardOp, Map<String, String> owners) {
        SameDiff grad = sd.getFunction("grad");
        if (grad == null) {
            return;
        }
        for (String op : grad.getOps().keySet()) {
            if (!sd.getOps().containsKey(op) && !owners.containsKey(op)) {
                owners.put(op, forwardOp);
            }
        }
    }

    /** Returns the graph's activation memory to the system now; the graph must not be used afterwards. */
    @Override
    public void close() {
        pool.releaseAll();
        pool.close();
        gradients.values().forEach(ModelGraph::release);
        gradients.clear();
    }

    static void release(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }
}
