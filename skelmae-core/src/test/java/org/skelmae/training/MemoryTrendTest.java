package org.skelmae.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.SyntheticMotion;
import org.skelmae.data.sampling.Batch;
import org.skelmae.data.sampling.BatchLoader;
import org.skelmae.data.sampling.SamplePipeline;
import org.skelmae.masking.MaskedBatch;
import org.skelmae.masking.SpatioTemporalMasker;
import org.skelmae.model.MaskedAutoencoder;
import org.skelmae.model.ModelConfig;
import org.skelmae.model.ModelGraph;
import org.skelmae.model.Network;
import org.skelmae.model.ParameterStore;
import org.skelmae.model.Presets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 training iterations on the CPU preset keep memory outside the Java heap flat: after warm-up,
 * resident memory minus the committed heap must not trend upwards (ND4J frees dead arrays only at GC;
 * the buffer pool reuses them instead). The heap itself is the JVM's business and is excluded.
 */
class MemoryTrendTest {

    static long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void residentMemoryStaysFlatOver200Iterations() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "SKIPPED: needs Linux /proc");
        ModelConfig cfg = Presets.load("cpu-mvqvae");
        LoadedDataset d = SyntheticMotion.standard().load();
        ParameterStore store = new ParameterStore(1, DataType.FLOAT);
        ModelGraph g = MaskedAutoencoder.build(cfg, store, 25, true);
        Adam adam = new Adam(0.9, 0.999, 1e-8, 1e-4);
        SpatioTemporalMasker masker = new SpatioTemporalMasker(cfg.masking(), cfg.frames(), 25);
        List<Long> rss = new ArrayList<>();
        int it = 0;
        for (int epoch = 0; it < 200; epoch++) {
            try (BatchLoader l = new BatchLoader(d.dataset(), d.split().train(), 8, true, new SamplePipeline(cfg.sampling()), 1, epoch)) {
                while (it < 200 && l.hasNext()) {
                    try (Batch b = l.next()) {
                        MaskedBatch mb = MaskedBatch.of(b.x(), masker, cfg.framesPerTuple(), false, true, 1, it, b.indices(), DataType.FLOAT);
                        Network.Step s = g.step(mb.placeholders(), g.parameters(), mb.rows(), 0.1);
                        adam.step(store.params(), s.gradients(), 1e-3);
                        s.close();
                        mb.close();
                    }
                    if (++it % 10 == 0) {
                        System.gc();
                        long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
                        rss.add(residentBytes() - heap);
                    }
                }
            }
        }
        // compare the mean of iterations 60-120 with the mean of 140-200 (warm-up excluded)
        double early = rss.subList(5, 12).stream().mapToLong(Long::longValue).average().orElseThrow();
        double late = rss.subList(13, 20).stream().mapToLong(Long::longValue).average().orElseThrow();
        System.out.printf("resident memory outside the heap: %.0f MB (it 60-120) -> %.0f MB (it 140-200), samples %s MB%n", early / 1e6, late / 1e6,
                rss.stream().map(v -> Long.toString(v >> 20)).toList());
        assertTrue(late - early < 150e6, "resident memory grew by " + (late - early) / 1e6 + " MB");
    }
}
