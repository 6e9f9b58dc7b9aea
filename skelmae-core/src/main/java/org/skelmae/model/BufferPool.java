package org.skelmae.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SameDiff session memory manager that recycles activation buffers between iterations.
 *
 * <p>Why: with ND4J 1.0.0-M2.1's default manager on CPU, most activations of a training step are new
 * allocations (its cache holds at most a quarter of JavaCPP's byte limit and matches exact shapes), so
 * a step spends more time in fresh allocations and page faults than in arithmetic, and dead buffers pile
 * up off-heap until the Java GC runs. Here a released buffer goes back to a free list by capacity and
 * serves the next request of up to its size (at most twice the need). Besides the session's own
 * releases, {@link #releaseAll()} returns every buffer handed out since the last call: the owner of the
 * graph calls it at the end of a step, once it has copied out what it keeps. A buffer is only recycled
 * through the array it was last handed out with, so a late release of an older array cannot free a
 * buffer that is in use again. Free lists are capped in bytes.
 */
public final class BufferPool extends AbstractMemoryMgr {

    private final long maxFreeBytes;
    private final Map<DataType, TreeMap<Long, ArrayDeque<DataBuffer>>> free = new EnumMap<>(DataType.class);
    /** Buffers handed out and not yet returned, with the id of the array they back. */
    private final Map<DataBuffer, Long> inUse = new IdentityHashMap<>();
    private long freeBytes;
    private long allocations;
    private long reuses;
    private long lastStepBytes;
    private long ownedBytes;

    /** @param maxFreeBytes most bytes kept in free lists; beyond it released buffers are freed */
    public BufferPool(long maxFreeBytes) {
        this.maxFreeBytes = maxFreeBytes;
    }

    /**
     * Free-list capacity: {@code -Dskelmae.poolBytes}, or half the machine's physical memory. A training
     * step's activations must fit, or every step allocates afresh.
     */
    public static long defaultCapacity() {
        Long set = Long.getLong("skelmae.poolBytes");
        if (set != null) {
            return set;
        }
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize() / 2;
        }
        return 8L << 30;
    }

    /**
     * Makes the calling thread's sessions of {@code sd} and of its gradient function (where SameDiff
     * runs the backward pass) use this pool; idempotent.
     */
    public void attach(SameDiff sd) {
        attachSession(sd);
        SameDiff grad = sd.getFunction("grad");
        if (grad != null) {
            attachSession(grad);
        }
    }

    private void attachSession(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        InferenceSession s = sd.getSessions().get(thread);
        if (s == null || s.getMmgr() != this) {
            s = new InferenceSession(sd);
            s.setMmgr(this);
            sd.getSessions().put(thread, s);
        }
    }

    @Override
    public synchronized INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return allocate(dataType, shape, 'c');
    }

    @Override
    public synchronized INDArray allocate(boolean detached, LongShapeDescriptor d) {
        if (d.isEmpty()) {
            return Nd4j.create(d);
        }
        return allocate(d.dataType(), d.getShape(), d.getOrder());
    }

    private INDArray allocate(DataType type, long[] shape, char order) {
        long n = Shape.lengthOf(shape);
        if (n == 0 || type == DataType.UTF8) {
            return Nd4j.createUninitializedDetached(type, shape);
        }
        DataBuffer buffer = take(type, n);
        if (buffer == null) {
            allocations++;
            buffer = Nd4j.createBufferDetached(new long[]{capacity(n)}, type);
            ownedBytes += buffer.length() * type.width();
        } else {
            reuses++;
        }
        INDArray array = Nd4j.create(buffer, shape, Nd4j.getStrides(shape, order), 0, order, type);
        inUse.put(buffer, array.getId());
        return array;
    }

    private DataBuffer take(DataType type, long n) {
        TreeMap<Long, ArrayDeque<DataBuffer>> byCapacity = free.get(type);
        if (byCapacity == null) {
            return null;
        }
        for (Map.Entry<Long, ArrayDeque<DataBuffer>> e : byCapacity.tailMap(n, true).entrySet()) {
            if (e.getKey() > 2 * n) {
                break;
            }
            if (!e.getValue().isEmpty()) {
                DataBuffer b = e.getValue().pop();
                freeBytes -= e.getKey() * type.width();
                return b;
            }
        }
        return null;
    }

    /** Capacities step by factors of 2^(1/4), so a reused buffer is at most 19% larger than needed. */
    static long capacity(long n) {
        if (n <= 256) {
            return n;
        }
        double c = Math.pow(2, Math.ceil(Math.log(n) / Math.log(2) * 4) / 4);
        return Math.max(n, (long) Math.ceil(c));
    }

    /** Called by the session when it no longer needs an array; views keep their buffer alive. */
    @Override
    public synchronized void release(INDArray array) {
        DataBuffer b = array.data();
        Long owner = b == null ? null : inUse.get(b);
        if (owner == null || owner != array.getId() || Nd4j.getExecutioner().useCount(b) > 1) {
            return;
        }
        inUse.remove(b);
        recycle(b);
    }

    /**
     * Returns every buffer handed out since the last call. Only call it when no array allocated in that
     * time is used any more (end of a step, after copying the results out).
     */
    public synchronized void releaseAll() {
        long bytes = 0;
        for (DataBuffer b : inUse.keySet()) {
            bytes += b.length() * b.dataType().width();
        }
        lastStepBytes = bytes;
        for (DataBuffer b : inUse.keySet()) {
            recycle(b);
        }
        inUse.clear();
    }

    private void recycle(DataBuffer b) {
        long bytes = b.length() * b.dataType().width();
        if (freeBytes + bytes > maxFreeBytes) {
            ownedBytes -= bytes; // left to the garbage collector
            return;
        }
        free.computeIfAbsent(b.dataType(), t -> new TreeMap<>()).computeIfAbsent(b.length(), k -> new ArrayDeque<>()).push(b);
        freeBytes += bytes;
    }

    /** Frees every buffer the pool holds now (off-heap memory is returned at once, not at the next GC). */
    @Override
    public synchronized void close() {
        for (TreeMap<Long, ArrayDeque<DataBuffer>> byCapacity : free.values()) {
            for (ArrayDeque<DataBuffer> q : byCapacity.values()) {
                for (DataBuffer d : q) {
                    if (d.closeable()) {
                        d.close();
                    }
                }
            }
        }
        free.clear();
        inUse.clear();
        freeBytes = 0;
        ownedBytes = 0;
    }

    /** Fresh allocations so far. */
    public synchronized long allocations() {
        return allocations;
    }

    /** Allocations served from the free lists so far. */
    public synchronized long reuses() {
        return reuses;
    }

    /** Bytes that were in use when {@link #releaseAll()} was last called. */
    public synchronized long lastStepBytes() {
        return lastStepBytes;
    }

    /**
     * Bytes of every buffer the pool has allocated and still owns, in use or free: after a few steps, the
     * off-heap working set of a step (what was live at once, rounded up to the pool's capacities).
     */
    public synchronized long ownedBytes() {
        return ownedBytes;
    }

    /** Bytes currently held in free lists. */
    public synchronized long freeBytes() {
        return freeBytes;
    }
}
