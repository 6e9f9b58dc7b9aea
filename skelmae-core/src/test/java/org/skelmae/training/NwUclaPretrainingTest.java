package org.skelmae.training;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.SharedData;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.model.Presets;
import org.skelmae.run.ExperimentConfig;
import org.skelmae.run.ExperimentRunner;
import org.skelmae.run.RunKind;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few hundred iterations of masked pre-training on real NW-UCLA data lower the reconstruction loss. */
class NwUclaPretrainingTest {

    private static LoadedDataset data;
    private static final Pattern REC = Pattern.compile(" reconstruction=([0-9.eE+-]+)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mae", "tiny-mvae", "tiny-mvqvae"})
    void reconstructionLossDropsWellBelowItsStart(String preset) throws Exception {
        if (data == null) {
            data = new DatasetLoader(LoadOptions.defaults(), Progress.NONE).load(DatasetSpec.parse("nwucla-xview"), SharedData.require("nw-ucla"));
        }
        TrainingConfig tc = new TrainingConfig(3, 0, 0, 16, 0, 1 / 200.0, List.of(0.3, 0.45, 0.55), 0.1, 1e-4, 0.9, 0.999, 1e-8, 1, 0.05, null);
        ExperimentConfig c = new ExperimentConfig("test", preset, RunKind.PRETRAIN, 1, "nwucla-xview", null, Presets.load(preset),
                tc, 1, 0, null, 2);
        List<Double> rec = new ArrayList<>();
        Progress capture = line -> {
            Matcher m = REC.matcher(line);
            if (line.contains(" it ") && m.find()) {
                rec.add(Double.parseDouble(m.group(1)));
            }
        };
        new ExperimentRunner(tmp, false, capture, x -> "test").run(c, data);
        assertTrue(rec.size() >= 180, "iterations logged: " + rec.size());
        double first = rec.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = rec.subList(rec.size() - 20, rec.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("%s on NW-UCLA: reconstruction loss %.4f (first 5 iterations) -> %.4f (last 20 of %d)%n", preset, first, last, rec.size());
        assertTrue(last < 0.5 * first, preset + ": reconstruction loss " + first + " -> " + last);
    }
}
