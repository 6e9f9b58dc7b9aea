package org.skelmae.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.util.Sha256;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The named arrays of a model: trainable parameters and non-trained state (BatchNorm running
 * statistics). A parameter is created on first request with its initialiser and a random stream derived
 * from (root seed, name), so initial values never depend on construction order, and a pre-trained store
 * can hand its encoder entries to a classifier by name.
 */
public final class ParameterStore {

    private final long seed;
    private final DataType dtype;
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, INDArray> state = new LinkedHashMap<>();

    public ParameterStore(long seed, DataType dtype) {
        this.seed = seed;
        this.dtype = dtype;
    }

    public DataType dtype() {
        return dtype;
    }

    public long seed() {
        return seed;
    }

    /** The parameter {@code name}, created with {@code init} if absent; an existing one must have that shape. */
    public INDArray param(String name, long[] shape, Init init) {
        INDArray a = params.get(name);
        if (a != null) {
            if (!Arrays.equals(a.shape(), shape)) {
                throw new IllegalStateException("parameter " + name + " has shape " + Arrays.toString(a.shape())
                        + " but the model needs " + Arrays.toString(shape) + " (incompatible configuration)");
            }
            return a;
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[Math.toIntExact(n)];
        init.fill(values, shape, new SplittableRandom(seedFor(name)));
        INDArray arr = Nd4j.create(values, shape, 'c').castTo(dtype);
        params.put(name, arr);
        return arr;
    }

    /** A state array (e.g. a running mean), created filled with {@code fill} if absent. */
    public INDArray state(String name, long[] shape, double fill) {
        return state.computeIfAbsent(name, k -> Nd4j.valueArrayOf(shape, fill, dtype));
    }

    private long seedFor(String name) {
        byte[] h = Sha256.digest().digest((seed + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (h[i] & 0xff);
        }
        return s;
    }

    /** Replaces a parameter's array (used to bind the store to a graph's live arrays). */
    public void rebind(String name, INDArray live) {
        if (!params.containsKey(name)) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        params.put(name, live);
    }

    public Map<String, INDArray> params() {
        return params;
    }

    public Map<String, INDArray> state() {
        return state;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

    /** Trainable scalars of the parameters whose name starts with {@code prefix}. */
    public long parameterCount(String prefix) {
        return params.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().length()).sum();
    }

    /**
     * Copies into this store every parameter and state entry of {@code other} whose name starts with
     * {@code prefix}; shapes must agree.
     *
     * @return how many arrays were copied
     */
    public int copyFrom(ParameterStore other, String prefix) {
        int n = 0;
        for (Map.Entry<String, INDArray> e : other.params.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                copyInto(params, e.getKey(), e.getValue());
                n++;
            }
        }
        for (Map.Entry<String, INDArray> e : other.state.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                copyInto(state, e.getKey(), e.getValue());
                n++;
            }
        }
        return n;
    }

    private static void copyInto(Map<String, INDArray> into, String name, INDArray value) {
        INDArray mine = into.get(name);
        if (mine == null) {
            into.put(name, value.dup());
        } else {
            if (!Arrays.equals(mine.shape(), value.shape())) {
                throw new IllegalArgumentException("parameter " + name + ": checkpoint has shape " + Arrays.toString(value.shape())
                        + ", this model needs " + Arrays.toString(mine.shape()) + " (the checkpoint was made with another configuration)");
            }
            mine.assign(value);
        }
    }
}
