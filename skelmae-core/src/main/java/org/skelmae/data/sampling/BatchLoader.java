package org.skelmae.data.sampling;

import org.nd4j.linalg.factory.Nd4j;
import org.skelmae.data.SkeletonDataset;
import org.skelmae.data.SkeletonSequence;
import org.skelmae.problem.ConfigurationException;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Produces the batches of one epoch on a background thread so training never waits on reading,
 * cropping or rotating. Shuffling and augmentation are derived from (seed, epoch, sample index) alone,
 * so the batches are identical whatever the thread timing.
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {

    private record Prepared(float[] data, int[] labels, int[] indices, RuntimeException error) {
    }

    private static final Prepared END = new Prepared(null, null, null, null);

    private final int frames;
    private final int persons;
    private final int joints;
    private final int batches;
    private final BlockingQueue<Prepared> queue;
    private final Thread worker;
    private Prepared next;
    private volatile boolean stopped;

    /**
     * @param dataset   the samples
     * @param indices   which dataset samples form the epoch
     * @param batchSize samples per batch
     * @param train     shuffle and augment (and drop the last incomplete batch), or test views in order
     * @param pipeline  crop, resize, rotation
     * @param seed      root seed of the data stream
     * @param epoch     epoch number, mixed into the seed
     */
    public BatchLoader(SkeletonDataset dataset, int[] indices, int batchSize, boolean train, ClipSampler pipeline,
                       long seed, int epoch) {
        this.frames = pipeline.frames();
        this.persons = dataset.persons();
        this.joints = dataset.layout().joints();
        int[] order = indices.clone();
        if (train) {
            shuffle(order, new SplittableRandom(mix(seed, epoch, -1)));
        }
        this.batches = train ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
        if (train && batches == 0 && order.length > 0) {
            throw new ConfigurationException("batch size " + batchSize + " exceeds the " + order.length
                    + " training samples; lower the batch size");
        }
        this.queue = new ArrayBlockingQueue<>(3);
        this.worker = new Thread(() -> produce(dataset, order, batchSize, train, pipeline, seed, epoch), "skelmae-batches");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Batches this epoch will deliver. */
    public int batches() {
        return batches;
    }

    private void produce(SkeletonDataset d, int[] order, int batchSize, boolean train, ClipSampler pipeline,
                         long seed, int epoch) {
        int sampleFloats = 3 * frames * joints * persons;
        try {
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int n = Math.min(batchSize, order.length - from);
                float[] data = new float[n * sampleFloats];
                int[] labels = new int[n];
                int[] idx = new int[n];
                for (int k = 0; k < n; k++) {
                    int i = order[from + k];
                    SkeletonSequence s = d.get(i);
                    float[] view = train ? pipeline.trainView(s, new SplittableRandom(mix(seed, epoch, i)))
                            : pipeline.testView(s);
                    toNctvm(view, data, k * sampleFloats);
                    labels[k] = s.label();
                    idx[k] = i;
                }
                if (!offer(new Prepared(data, labels, idx, null))) {
                    return;
                }
            }
            offer(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            queue.clear();
            queue.offer(new Prepared(null, null, null, e));
        }
    }

    /**
     * Waits for room in the queue; false when the loader was closed. The worker is never interrupted:
     * an interrupt during a file read would close the dataset's channel for every later reader.
     */
    private boolean offer(Prepared p) throws InterruptedException {
        while (!stopped) {
            if (queue.offer(p, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** (T, M, V, 3) to (3, T, V, M) at an offset of a batch array. */
    private void toNctvm(float[] tmvc, float[] out, int base) {
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < persons; m++) {
                for (int v = 0; v < joints; v++) {
                    int src = ((t * persons + m) * joints + v) * 3;
                    for (int c = 0; c < 3; c++) {
                        out[base + ((c * frames + t) * joints + v) * persons + m] = tmvc[src + c];
                    }
                }
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        if (next.error != null) {
            throw next.error;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Prepared p = next;
        next = null;
        return new Batch(Nd4j.create(p.data, new long[]{p.labels.length, 3, frames, joints, persons}, 'c'), p.labels, p.indices);
    }

    @Override
    public void close() {
        stopped = true;
        queue.clear();
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A 64-bit seed for (root, epoch, item), well mixed (SplitMix64 finaliser). */
    public static long mix(long seed, long epoch, long item) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + item * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
