package org.skelmae.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built SameDiff graph bound to its {@link ParameterStore}. A training graph owns the live parameter
 * arrays (the store is re-pointed at them, so an optimiser updating the store updates the graph) and,
 * after each step, folds the batch statistics of every BatchNorm into the store's running averages. An
 * evaluation graph reads parameters and running averages from the store on {@link #syncFromStore()}.
 */
public final class ModelGraph implements AutoCloseable {

    /**
     * What one forward/backward pass returned.
     *
     * @param scalars   loss and loss parts
     * @param arrays    other requested outputs, copies the caller owns (close them when done)
     * @param gradients gradient per trainable parameter; arrays owned by the graph, overwritten by the
     *                  next step
     */
    public record Step(Map<String, Double> scalars, Map<String, INDArray> arrays, Map<String, INDArray> gradients) {
        /** Releases the output copies. */
        public void close() {
            arrays.values().forEach(ModelGraph::release);
        }
    }

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

    /**
     * @param training a training graph takes ownership of the store's parameter arrays
     */
    ModelGraph(GraphBuilder g, boolean training, String loss, List<String> lossParts, List<String> extraOutputs) {
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
        if (training) {
            for (String name : parameters) {
                store.rebind(name, sd.getArrForVarName(name));
            }
            createGradientsQuietly(sd);
        }
    }

    public boolean training() {
        return training;
    }

    /** The activation memory manager of this graph. */
    public BufferPool pool() {
        return pool;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public ParameterStore store() {
        return store;
    }

    /** Names of the store's parameters this graph uses. */
    public List<String> parameters() {
        return parameters;
    }

    /** Names of the loss and its parts. */
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
            OutAndGrad og = sd.calculateGradientsAndOutputs(placeholders, outputs, trainable);
            Map<String, INDArray> out = og.getOutputs();
            for (GraphBuilder.BatchNormLayer bn : batchNorms) {
                INDArray mean = out.remove(bn.batchMean());
                INDArray var = out.remove(bn.batchVar());
                if (mean == null) {
                    continue;
                }
                long n = rows * bn.spatial();
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

    /** Forward pass only. Scalars are returned as doubles, the rest as arrays (caller closes them). */
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
     * Builds the backward graph now. ND4J 1.0.0-M2.1 prints one line per differentiated op to standard
     * output while doing so; those lines are filtered out, everything else printed meanwhile passes.
     */
    private static synchronized void createGradientsQuietly(SameDiff sd) {
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    String s = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                    line.reset();
                    if (!s.startsWith("Added differentiated op")) {
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
