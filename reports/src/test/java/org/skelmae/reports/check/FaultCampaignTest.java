package org.skelmae.reports.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.suite.SequentialExecutor;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SuiteRunner;
import org.skelmae.util.Json;
import org.skelmae.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's power on a real suite: plants each fault of {@link Faults} in a suite that was already run
 * clean, re-runs only the experiments the fault can change (the rest are copied from the clean run), and
 * checks each faulty result against the suite's committed baseline. Hours of training, so it runs only when
 * asked, e.g. for the {@code ci} suite after {@code .ci/run}:
 *
 * <pre>
 * mvn -pl reports test -Dtest=FaultCampaignTest -Dskelmae.faultCampaign.clean=target/skelmae \
 *     [-Dskelmae.faultCampaign.suite=ci] [-Dskelmae.faultCampaign.faults=a,b,c,d] [-Dskelmae.faultCampaign.output=DIR]
 *     [-Dskelmae.faultCampaign.seeds=1] [-Dskelmae.faultCampaign.family=all|sttformer|graph]
 * </pre>
 *
 * With {@code seeds}, a fault runs on those seeds only (when time is short): the check then compares single runs
 * with the baseline's mean, and the paired differences, which need two seeds, are reported missing.
 *
 * Each fault's check table is written to {@code <output>/<fault>/check.txt}; an interrupted campaign resumes
 * (finished runs are skipped). The clean run must come from the same code and machine kind as the baseline.
 * With {@code family}, faults are planted in that method family's experiments only and the other family's
 * runs are reused; a fault that cannot be planted in the family (nothing masked: STTFormer family only) is left out.
 */
@EnabledIfSystemProperty(named = "skelmae.faultCampaign.clean", matches = ".+")
class FaultCampaignTest {

    private static final Progress LOG = line -> System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);

    @Test
    void everyFaultFailsTheGateOfARealSuite() throws IOException {
        String suite = System.getProperty("skelmae.faultCampaign.suite", "ci");
        Path cleanOutput = Path.of(System.getProperty("skelmae.faultCampaign.clean")).toAbsolutePath();
        Path output = Path.of(System.getProperty("skelmae.faultCampaign.output", "target/fault-campaign")).toAbsolutePath();
        List<String> wanted = Arrays.asList(System.getProperty("skelmae.faultCampaign.faults", "a,b,c,d").split(","));
        SuiteResult clean = Json.mapper().treeToValue(current(Json.mapper().readTree(cleanOutput.resolve(suite).resolve("results.json")
                .toFile())), SuiteResult.class);
        Baseline baseline = baseline(suite);
        RegressionCheck.Result cleanCheck = RegressionCheck.check(clean, baseline);
        cleanCheck.table().forEach(l -> LOG.info("[clean] " + l));

        String threads = clean.environment().get("threads");
        String location = clean.outcomes().get(0).experiment().config().data();
        String seeds = System.getProperty("skelmae.faultCampaign.seeds");
        SuiteOverrides o = new SuiteOverrides(clean.dataset(), location, clean.preset(), SuiteOverrides.parseSeeds(seeds), null, null,
                null, null, null,
                null, null, threads == null ? null : Integer.valueOf(threads));
        LoadedDataset data = new DatasetLoader(LoadOptions.defaults(), LOG).load(DatasetSpec.parse(clean.dataset()),
                location == null ? null : Path.of(location));
        Faults.Family family = Faults.Family.valueOf(System.getProperty("skelmae.faultCampaign.family", "all").toUpperCase(Locale.ROOT));
        List<String> failures = new ArrayList<>();
        for (Faults fault : Faults.ALL) {
            if (!wanted.contains(fault.name().substring(0, 1)) || (family == Faults.Family.GRAPH && !fault.graph())) {
                continue;
            }
            Path out = output.resolve(fault.name());
            SuitePlan plan = SuitePlan.of(clean.suite(), o, out, clean.dataset());
            if (!Files.isDirectory(out.resolve(suite))) {
                fault.reuse(cleanOutput, out, suite, plan.experiments(), family);
                if (Files.isDirectory(out.resolve(suite))) {
                    upgradeConfigs(out.resolve(suite)); // a fault that changes every kind reuses nothing
                }
            }
            LOG.info("[" + fault.name() + "] " + fault.what() + ": running into " + out);
            SuiteResult faulty = new SuiteRunner(out, false, LOG, c -> "mvn -pl reports test -Dtest=FaultCampaignTest",
                    fault.around(new SequentialExecutor(), data, out.resolve("fault-files"), family)).run(plan, fault.data(data), "fault campaign: " + fault.what());
            RegressionCheck.Result r = RegressionCheck.check(faulty, baseline);
            r.table().forEach(l -> LOG.info("[" + fault.name() + "] " + l));
            Files.write(out.resolve("check.txt"), r.table());
            if (!r.failed()) {
                failures.add(fault.what() + " passed the gate (" + out.resolve("check.txt") + ")");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static Baseline baseline(String suite) throws IOException {
        String file = System.getProperty("skelmae.faultCampaign.baseline");
        if (file != null) {
            return Json.read(Path.of(file), Baseline.class);
        }
        Baseline shipped = Baseline.shipped(suite, Baseline.DEFAULT_ENGINE);
        if (shipped == null) {
            throw new IllegalArgumentException("no committed baseline " + Baseline.resource(suite, Baseline.DEFAULT_ENGINE)
                    + ": pass -Dskelmae.faultCampaign.baseline=FILE");
        }
        return shipped;
    }

    /** Rewrites the reused runs' config.json in the current layout (see {@link #current}). */
    private static void upgradeConfigs(Path suiteDir) throws IOException {
        try (Stream<Path> files = Files.walk(suiteDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("config.json")).toList()) {
                Files.writeString(f, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(current(Json.mapper().readTree(f.toFile()))));
            }
        }
    }

    /**
     * A clean run made before model configurations had a validation masking validated at its training masking:
     * the missing field is that masking, which is what the runs did.
     */
    private static JsonNode current(JsonNode node) {
        if (node instanceof ObjectNode o && o.has("masking") && o.has("latent") && !o.has("validationMasking")) {
            o.set("validationMasking", o.get("masking").deepCopy());
        }
        node.forEach(FaultCampaignTest::current);
        return node;
    }
}
