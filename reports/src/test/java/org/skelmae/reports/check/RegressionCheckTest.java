package org.skelmae.reports.check;

import org.junit.jupiter.api.Test;
import org.skelmae.suite.SuiteResult;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regression gate: pass, regression, improvement, missing metric, wrong baseline. */
class RegressionCheckTest {

    private static SuiteResult results() {
        return org.skelmae.reports.FixturesAccess.suite();
    }

    @Test
    void currentResultsPassTheirOwnBaseline() {
        SuiteResult r = results();
        Baseline b = RegressionCheck.baselineOf(r, "test");
        assertEquals(6, b.metrics().size(), "2 pre-trainings, 4 classifications (the failed one has no value)");
        RegressionCheck.Result c = RegressionCheck.check(r, b);
        assertFalse(c.failed());
        assertTrue(c.rows().stream().allMatch(x -> x.status() == RegressionCheck.Status.PASS));
        assertTrue(c.table().get(c.table().size() - 1).contains("all 6 metrics within tolerance"));
    }

    @Test
    void aDropBeyondToleranceIsARegressionAndARiseAnImprovement() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>();
        for (Baseline.Metric m : own.metrics()) {
            if (m.group().equals("mae-finetune-100pct")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), m.value() + 0.06, 0.05, true));
            } else if (m.group().equals("scratch-100pct")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), m.value() - 0.06, 0.05, true));
            } else if (m.group().equals("mae-pretrain")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), m.value() * 0.5, m.value() * 0.25, false));
            } else {
                ms.add(m);
            }
        }
        RegressionCheck.Result c = RegressionCheck.check(r, new Baseline(1, own.suite(), own.dataset(), own.preset(), "x", ms));
        assertTrue(c.failed());
        assertEquals(RegressionCheck.Status.REGRESSION, status(c, "mae-finetune-100pct"));
        assertEquals(RegressionCheck.Status.IMPROVED, status(c, "scratch-100pct"));
        assertEquals(RegressionCheck.Status.REGRESSION, status(c, "mae-pretrain"), "a loss above baseline + tolerance regresses");
    }

    @Test
    void aMetricMissingFromTheResultsFails() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>(own.metrics());
        ms.add(new Baseline.Metric("mvqvae-finetune-10pct", "test.top1", 0.5, 0.05, true));
        RegressionCheck.Result c = RegressionCheck.check(r, new Baseline(1, own.suite(), own.dataset(), own.preset(), "x", ms));
        assertTrue(c.failed());
        assertEquals(RegressionCheck.Status.MISSING, status(c, "mvqvae-finetune-10pct"));
    }

    @Test
    void aBaselineOfAnotherDatasetIsRefused() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        Baseline other = new Baseline(1, own.suite(), "ntu60-xsub", own.preset(), "x", own.metrics());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegressionCheck.check(r, other));
        assertTrue(e.getMessage().contains("ntu60-xsub") && e.getMessage().contains("nwucla-xview"), e.getMessage());
    }

    private static RegressionCheck.Status status(RegressionCheck.Result c, String group) {
        return c.rows().stream().filter(x -> x.group().equals(group)).findFirst().orElseThrow().status();
    }
}
