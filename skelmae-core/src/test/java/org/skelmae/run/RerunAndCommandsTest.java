package org.skelmae.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.DataFingerprint;
import org.skelmae.engine.Engine;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.suite.Method;
import org.skelmae.suite.Suite;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.training.EpochMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-run comparison rules, rendered commands and the CPU description. */
class RerunAndCommandsTest {

    @TempDir
    Path tmp;

    private static RunResult result(double last, double trainLoss) {
        EpochMetrics e = new EpochMetrics(1, 1e-3, Map.of("loss", trainLoss), Map.of("test.top1", last), 100, 1);
        return new RunResult(1, "s", "x", RunKind.SCRATCH, 1, "d", false, "h",
                new RunResult.Metric("test.top1", true, last, 1, last, Double.NaN, 0), Map.of(), null, null, List.of(e), 1, "c");
    }

    private static Provenance provenance(String cpu, int threads) {
        return new Provenance("v", "commit", false, "java 17", "linux", "nd4j", "CpuBackend", "avx512", threads, Map.of("blasThreads", "1"), 2, cpu,
                new DataFingerprint("src", 1, "sha", Map.of()), Map.of(), Map.of(), "t0", "t1", "cmd");
    }

    private Rerun.Recorded recorded(double last, double trainLoss) {
        return new Rerun.Recorded(tmp, null, provenance("CPU A", 2), result(last, trainLoss));
    }

    @Test
    void sameMachineDemandsBitIdentity() {
        Rerun.Comparison same = Rerun.compare(recorded(0.5, 1.25), tmp, result(0.5, 1.25), provenance("CPU A", 2));
        assertTrue(same.sameMachine() && same.identical() && same.matched());
        Rerun.Comparison drift = Rerun.compare(recorded(0.5, 1.25), tmp, result(0.5, Math.nextUp(1.25)), provenance("CPU A", 2));
        assertFalse(drift.identical());
        assertFalse(drift.matched(), "one ulp of a training loss on the same machine is a mismatch");
    }

    @Test
    void anotherMachineNeedsTheGatedFiguresWithinTheGateTolerance() {
        Rerun.Comparison near = Rerun.compare(recorded(0.5, 1.25), tmp, result(0.53, 1.3), provenance("CPU B", 2));
        assertFalse(near.sameMachine());
        assertTrue(near.notes().get(0).contains("another machine"), near.notes().toString());
        assertTrue(near.withinTolerance() && near.matched(), "3 points is within the 5-point single-run tolerance");
        Rerun.Comparison far = Rerun.compare(recorded(0.5, 1.25), tmp, result(0.44, 1.25), provenance("CPU A", 4));
        assertFalse(far.sameMachine(), "another thread count is another floating-point order");
        assertFalse(far.matched());
    }

    @Test
    void aFolderThatIsNoFinishedRunIsRefusedClearly() throws IOException {
        Files.writeString(tmp.resolve("config.json"), "{}");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Rerun.read(tmp));
        assertTrue(e.getMessage().contains("provenance.json") && e.getMessage().contains("skelmae.run="), e.getMessage());
    }

    @Test
    void commandsQuoteWhatAShellWouldSplit() {
        assertEquals("mvn skelmae:rerun -Dskelmae.run=/runs/a -Dskelmae.missingList='/my data/list.txt'",
                Commands.rerun(Path.of("/runs/a"), Map.of("skelmae.missingList", "/my data/list.txt")));
        StringBuilder sb = new StringBuilder();
        Commands.property(sb, "k", "it's");
        Commands.property(sb, "blank", " ");
        assertEquals(" -Dk='it'\\''s'", sb.toString());
    }

    @Test
    void theSelectedEngineAndDeviceAreInEveryRecordedCommand() {
        String engine = System.getProperty(Engine.PROPERTY);
        String device = System.getProperty(Engine.DEVICE_PROPERTY);
        try {
            System.setProperty(Engine.PROPERTY, "libtorch");
            System.setProperty(Engine.DEVICE_PROPERTY, "cuda:1");
            assertEquals("mvn -Pgpu skelmae:rerun -Dskelmae.run=/runs/a -Dskelmae.engine=libtorch -Dskelmae.device=cuda:1",
                    Commands.rerun(Path.of("/runs/a"), Map.of()));
            Suite smoke = new Suite("smoke", "test", "test", "synthetic", "tiny", List.of(1L), 1, 1, 16, 0, List.of(150), 0, 0, 0,
                    List.of(Method.MAE), List.of(), List.of(1.0), List.of(), true, false, false, false);
            String suite = SuitePlan.of(smoke, SuiteOverrides.none(), tmp, "synthetic").command("smoke", tmp, Map.of());
            assertTrue(suite.startsWith("mvn -Pgpu skelmae:benchmark -Dsuite=smoke ")
                    && suite.endsWith(" -Dskelmae.engine=libtorch -Dskelmae.device=cuda:1"), suite);
        } finally {
            restore(Engine.PROPERTY, engine);
            restore(Engine.DEVICE_PROPERTY, device);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void cpuModelNamesTheKernelSelectingExtensions() throws IOException {
        Path info = tmp.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nmodel name\t: AMD  EPYC\nflags\t\t: fpu sse avx2 avx512f avx512bw\n\nprocessor\t: 1\n");
        assertEquals("AMD EPYC [avx2 avx512f]", CpuModel.detect(info));
        assertEquals(System.getProperty("os.arch"), CpuModel.detect(tmp.resolve("absent")));
    }
}
