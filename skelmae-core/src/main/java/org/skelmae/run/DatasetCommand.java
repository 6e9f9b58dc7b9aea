package org.skelmae.run;

import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.DatasetSummary;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.data.npz.NpzExport;
import org.skelmae.data.npz.NpzLayout;
import org.skelmae.data.split.IndexFiles;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Looks at a dataset without training: loads it (through the cache), prints its summary, writes the
 * summary and the split index as JSON, and optionally exports it to the generic {@code .npz} format.
 */
public final class DatasetCommand {

    private final LoadOptions options;
    private final Progress progress;

    public DatasetCommand(LoadOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * What {@link #run} computed and wrote, for a caller that shows more of it (the Maven goal writes a page).
     *
     * @param summary the summary written to {@code json}
     * @param loaded  the loaded dataset with its split
     * @param json    the summary file
     * @param split   the split index file
     */
    public record Outcome(DatasetSummary summary, LoadedDataset loaded, Path json, Path split) {
    }

    /**
     * @param spec       dataset and protocol
     * @param data       data folder (ignored for npz and synthetic)
     * @param outputDir  where {@code dataset-<spec>.json} and {@code split-<spec>.json} go
     * @param export     an {@code .npz} to export to, or null
     * @param layout     x layout of the export
     * @return the summary, the loaded dataset and the files written
     */
    public Outcome run(DatasetSpec spec, Path data, Path outputDir, Path export, NpzLayout layout) throws IOException {
        LoadedDataset ld = new DatasetLoader(options, progress).load(spec, data);
        DatasetSummary summary = DatasetSummary.of(ld);
        summary.lines().forEach(progress::info);
        String tag = spec.id().replaceAll("[^A-Za-z0-9._-]", "_");
        Path json = outputDir.resolve("dataset-" + tag + ".json");
        Json.write(json, summary);
        Path split = outputDir.resolve("split-" + tag + ".json");
        IndexFiles.writeSplit(split, ld.split(), ld.dataset().fingerprint().sha256());
        progress.info("summary written to " + json);
        progress.info("split index written to " + split + " (sha256 " + ld.split().sha256() + ")");
        if (export != null) {
            NpzExport.write(export, ld.dataset(), ld.split(), layout);
            progress.info("exported to " + export + " (" + layout + " layout)");
        }
        return new Outcome(summary, ld, json, split);
    }
}
