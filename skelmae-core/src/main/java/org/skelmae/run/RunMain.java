package org.skelmae.run;

import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.nio.file.Path;

/**
 * Runs one experiment from its {@code config.json}: {@code java org.skelmae.run.RunMain <config.json>
 * <output directory>}. A run directory of the same configuration is resumed or skipped, as with the
 * Maven goals; this is also what re-runs a run from its records.
 */
public final class RunMain {

    private RunMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java org.skelmae.run.RunMain <config.json> <output directory>");
            System.exit(2);
        }
        ExperimentConfig cfg = Json.read(Path.of(args[0]), ExperimentConfig.class);
        Path output = Path.of(args[1]);
        LoadedDataset data = load(cfg, LoadOptions.defaults(), Progress.STDOUT);
        new ExperimentRunner(output, false, Progress.STDOUT, c -> command(args[0], args[1])).run(cfg, data);
    }

    /** Loads the dataset an experiment names. */
    public static LoadedDataset load(ExperimentConfig cfg, LoadOptions options, Progress progress) {
        DatasetSpec spec = DatasetSpec.parse(cfg.dataset());
        return new DatasetLoader(options, progress).load(spec, cfg.data() == null ? null : Path.of(cfg.data()));
    }

    static String command(String config, String output) {
        StringBuilder sb = new StringBuilder("java");
        Commands.property(sb, org.skelmae.engine.Engine.PROPERTY, System.getProperty(org.skelmae.engine.Engine.PROPERTY));
        Commands.property(sb, org.skelmae.engine.Engine.DEVICE_PROPERTY, System.getProperty(org.skelmae.engine.Engine.DEVICE_PROPERTY));
        return sb.append(" -cp <skelmae-core classpath> org.skelmae.run.RunMain ").append(config).append(' ').append(output).toString();
    }
}
