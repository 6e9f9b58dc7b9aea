package org.skelmae.reports.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.DatasetLoader;
import org.skelmae.data.DatasetSpec;
import org.skelmae.data.LoadOptions;
import org.skelmae.data.LoadedDataset;
import org.skelmae.suite.ExperimentExecutor;
import org.skelmae.suite.Method;
import org.skelmae.suite.SequentialExecutor;
import org.skelmae.suite.Suite;
import org.skelmae.suite.SuiteOverrides;
import org.skelmae.suite.SuitePlan;
import org.skelmae.suite.SuiteResult;
import org.skelmae.suite.SuiteRunner;
import org.skelmae.util.Progress;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate against a graph-family fine-tune that ignores its pre-training. At CPU scale that fault moves no
 * accuracy beyond the graph family's seed spread (the {@code ci} suite's fault campaign: every graph metric within
 * tolerance), so what catches it is the from-scratch control: {@code gin-scratch} starts from the untrained
 * encoder of its seed, copied as a fine-tune copies the pre-trained one, so a fine-tune that loaded an untrained
 * encoder is its control run again and the check refuses the identical predictions.
 */
class GraphGatePowerTest {

    private static final Progress QUIET = GatePowerTest.QUIET;

    @TempDir
    Path tmp;

    /** The graph family alone on the synthetic set: tiny preset, two seeds, fine-tune and control; seconds per run. */
    private static Suite suite() {
        return new Suite("gate-graph", "gate power test, graph family", "test", "synthetic", "tiny", List.of(1L, 2L), 2, 2, 16, 5,
                List.of(150), 0, 0, 0, List.of(Method.GIN_MAE), List.of(), List.of(1.0), List.of(), true, false, true, false);
    }

    @Test
    void aFineTuneThatIgnoresItsPretrainingFailsAsItsControlRunAgain() {
        LoadedDataset data = new DatasetLoader(LoadOptions.defaults(), QUIET).load(DatasetSpec.parse("synthetic"), null);
        SuiteResult clean = run("clean", new SequentialExecutor(), data, null);
        Baseline baseline = RegressionCheck.baselineOf(clean, "clean code");
        RegressionCheck.Result ok = RegressionCheck.check(clean, baseline);
        assertFalse(ok.failed(), String.join("\n", ok.table()));

        Faults fault = Faults.ENCODER_NOT_LOADED;
        SuiteResult faulty = run(fault.name(), fault.around(new SequentialExecutor(), data, tmp.resolve("files"), Faults.Family.GRAPH),
                data, fault);
        RegressionCheck.Result r = RegressionCheck.check(faulty, baseline);
        r.table().forEach(l -> System.out.println("[gate-graph] " + l));
        assertTrue(r.failed(), String.join("\n", r.table()));
        assertTrue(r.table().stream().anyMatch(l -> l.contains("gin-mae-finetune-100pct - gin-scratch-100pct") && l.contains("IDENTICAL")),
                String.join("\n", r.table()));
    }

    private SuiteResult run(String name, ExperimentExecutor executor, LoadedDataset d, Faults reuse) {
        Path out = tmp.resolve(name);
        SuitePlan plan = SuitePlan.of(suite(), new SuiteOverrides(null, null, null, null, null, null, null, null, null, null, null, 1),
                out, "synthetic");
        if (reuse != null) {
            reuse.reuse(tmp.resolve("clean"), out, suite().name(), plan.experiments(), Faults.Family.GRAPH);
        }
        return new SuiteRunner(out, false, QUIET, c -> "test", executor).run(plan, d, "test");
    }
}
