package org.skelmae.benchmarks;

import org.skelmae.run.Threads;

import java.util.Locale;

/**
 * Memory over many training steps of one case: every 10 steps, the step's time, the buffer pool's working
 * set, the process's resident memory and that minus the committed Java heap (which grows and shrinks with
 * the garbage collector), so a reader can see whether off-heap memory grows (docs/performance.md, "The
 * paper preset at a small batch").
 *
 * <pre>java -cp &lt;classpath&gt; org.skelmae.benchmarks.StepMemoryBenchmark paper-mae pretrain 2 1000</pre>
 *
 * Any preset of either family; {@code paper-gin-mae pretrain 2 100} times the graph family's step beside it.
 */
public final class StepMemoryBenchmark {

    private StepMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StepMemoryBenchmark <preset> <pretrain|finetune> <batch> <steps>");
            System.exit(2);
        }
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        PerformanceBenchmark.applyThreads();
        try (PreparedCase c = PreparedCase.prepare(args[0], args[1], batch, null)) {
            long start = System.nanoTime();
            for (int i = 1; i <= steps; i++) {
                long t0 = System.nanoTime();
                c.step();
                if (i <= 3 || i % 10 == 0) {
                    long resident = PerformanceBenchmark.processStatusBytes("VmRSS:");
                    long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
                    System.out.printf(Locale.ROOT, "step %d  %.0f ms  pool %.0f MiB  resident %.0f MiB  resident - committed heap %.0f MiB  elapsed %.0f s%n",
                            i, (System.nanoTime() - t0) / 1e6, c.graph().pool().ownedBytes() / 1048576.0, resident / 1048576.0,
                            (resident - heap) / 1048576.0, (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }
}
