package org.skelmae.util;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Maps a stream of inputs on all cores and hands the results to a consumer in input order, holding at
 * most a small window of results in memory. Used for scans of tens of thousands of files.
 */
public final class OrderedParallel {

    private OrderedParallel() {
    }

    /**
     * @param inputs  consumed lazily
     * @param threads worker threads (at least 1)
     * @param work    applied to each input on a worker thread; exceptions propagate to the caller
     * @param sink    receives results in input order on the calling thread
     */
    public static <I, O> void run(Iterator<I> inputs, int threads, Function<I, O> work, Consumer<O> sink) {
        int window = Math.max(4, threads * 4);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "skelmae-scan");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<O>> pending = new ArrayDeque<>();
        try {
            while (inputs.hasNext() || !pending.isEmpty()) {
                while (inputs.hasNext() && pending.size() < window) {
                    I in = inputs.next();
                    pending.add(pool.submit(() -> work.apply(in)));
                }
                sink.accept(await(pending.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <O> O await(Future<O> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
