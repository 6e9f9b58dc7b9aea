package org.skelmae.benchmarks;

import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Parse and preprocessing throughput of the NTU reader (no cache): the reference pipeline on every file
 * of a folder, repeated in one JVM so the JIT is warm, with 1 thread and with all cores.
 *
 * <pre>java ... org.skelmae.benchmarks.ParseBenchmark &lt;ntu folder&gt; [repeats]</pre>
 */
public final class ParseBenchmark {

    private ParseBenchmark() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/ntu-subset");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (int threads : new int[]{1, Runtime.getRuntime().availableProcessors()}) {
            double best = Double.POSITIVE_INFINITY;
            int n = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                LoadedDataset d = new DatasetLoader(LoadOptions.defaults().withThreads(threads), Progress.NONE)
                        .load(DatasetSpec.parse("ntu120-xsub"), data);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                n = d.dataset().size();
            }
            System.out.printf(Locale.ROOT, "{\"threads\": %d, \"files\": %d, \"seconds\": %.4f, \"sequencesPerSecond\": %.1f}%n",
                    threads, n, best, n / best);
        }
    }
}
