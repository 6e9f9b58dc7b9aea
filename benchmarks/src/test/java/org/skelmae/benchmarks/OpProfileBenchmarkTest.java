package org.skelmae.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.skelmae.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One recorded step of the tiny preset: every executed op is attributed (forward, or backward with the
 * forward op it differentiates), the parts of the step nest (kernels inside the session inside the step),
 * and the JSON reads back to the same values.
 */
class OpProfileBenchmarkTest {

    @TempDir
    Path out;

    @Test
    void pretrainStepIsFullyAttributedAndNested() throws Exception {
        ProfileCase p;
        int forwardOps;
        int gradOps;
        try (PreparedCase c = PreparedCase.prepare("tiny-mae", "pretrain", 2, out)) {
            SameDiff sd = c.graph().sameDiff();
            assertTrue(sd.getListeners().isEmpty());
            p = OpProfileBenchmark.profile(c, 0, 0, 1, 1);
            assertTrue(sd.getListeners().isEmpty(), "the profiler is detached afterwards");
            forwardOps = sd.getOps().size();
            gradOps = sd.getFunction("grad").getOps().size();
            assertEquals(gradOps - forwardOps, c.graph().backwardOwners().size(), "every op only in the grad function has an owner");
        }
        assertTrue(Files.exists(out.resolve("tiny-mae-pretrain.npz")), "the PyTorch side's export is written");
        List<ProfileCase.Row> rows = p.rows();
        assertTrue(rows.stream().anyMatch(r -> r.phase().equals("forward") && r.op().equals("conv2d")));
        assertTrue(rows.stream().anyMatch(r -> r.phase().equals("backward") && r.op().equals("conv2d_bp") && r.owner().equals("conv2d")));
        for (ProfileCase.Row r : rows) {
            assertTrue(r.phase().equals("forward") || r.phase().equals("backward"), r.toString());
            assertFalse(r.owner().startsWith("("), "owned: " + r);
            assertFalse(r.ownerInputs().isEmpty(), "owner executed: " + r);
            assertFalse(r.category().equals("other"), "categorised: " + r);
            if (r.phase().equals("forward")) {
                assertEquals(r.op(), r.owner(), r.toString());
                assertEquals(r.inputs(), r.ownerInputs(), r.toString());
            }
            assertEquals(1, r.rawMs().size());
            assertTrue(r.calls() >= 1 && r.ms() >= 0 && r.gapMs() >= 0, r.toString());
        }
        double fwdCalls = p.secondary().get("executedForwardOps");
        double bwdCalls = p.secondary().get("executedBackwardOps");
        assertTrue(fwdCalls > 0 && fwdCalls <= forwardOps, fwdCalls + " of " + forwardOps);
        assertTrue(bwdCalls > 0 && bwdCalls <= gradOps - forwardOps, bwdCalls + " of " + (gradOps - forwardOps));
        assertNested(p);
        assertRoundTrip(p);
        String md = ProfileTables.markdown(p);
        assertTrue(md.contains("| 1 | ") && md.contains("conv2d_bp") && md.contains("### By category"), md);
    }

    @Test
    void inferenceHasOnlyForwardOps() throws Exception {
        ProfileCase p;
        try (PreparedCase c = PreparedCase.prepare("tiny-mae", "inference", 2, null)) {
            p = OpProfileBenchmark.profile(c, 0, 0, 1, 1);
        }
        assertTrue(p.rows().stream().allMatch(r -> r.phase().equals("forward") && r.op().equals(r.owner())));
        assertTrue(p.secondary().get("optimizerMs") < 1, "no optimizer: " + p.secondary());
        assertNested(p);
    }

    private static void assertNested(ProfileCase p) {
        assertEquals(1, p.steps().size());
        ProfileCase.StepParts s = p.steps().get(0);
        double rowSum = p.rows().stream().mapToDouble(r -> r.rawMs().get(0)).sum();
        assertEquals(s.opsMs(), rowSum, 1e-6, "the rows hold every kernel");
        assertTrue(s.opsMs() > 0, s.toString());
        assertTrue(s.opsMs() <= s.sessionMs(), s.toString());
        assertTrue(s.sessionMs() <= s.graphMs(), s.toString());
        assertTrue(s.graphMs() + s.optimizerMs() <= s.stepMs() + 1e-9, s.toString());
        assertEquals(s.stepMs(), p.score());
    }

    private void assertRoundTrip(ProfileCase p) throws Exception {
        ProfileCase.Report report = new ProfileCase.Report(Map.of("jvm", "test"), List.of(p));
        Path file = out.resolve("skelmae-profile.json");
        Json.write(file, report);
        assertEquals(report, Json.read(file, ProfileCase.Report.class));
    }
}
