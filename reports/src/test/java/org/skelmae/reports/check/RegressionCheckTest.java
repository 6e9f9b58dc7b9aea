package org.skelmae.reports.check;

import org.junit.jupiter.api.Test;
import org.skelmae.problem.ConfigurationException;
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
        long rows = r.summary().stream().filter(s -> s.n() > 0).count();
        long differences = r.comparisons().stream().filter(x -> x.n() >= 2 && Double.isFinite(x.ciLow())).count();
        assertTrue(differences > 0, "the fixture has paired comparisons over seeds");
        assertEquals(rows + differences, b.metrics().size(), "every summary row with runs, and every difference over >= 2 seeds");
        assertTrue(b.metrics().stream().anyMatch(m -> m.group().endsWith(" - scratch-100pct") && m.metric().equals("difference.test.top1")));
        RegressionCheck.Result c = RegressionCheck.check(r, b);
        assertFalse(c.failed());
        assertTrue(c.rows().stream().allMatch(x -> x.status() == RegressionCheck.Status.PASS));
        assertTrue(c.table().get(c.table().size() - 1).contains("all " + b.metrics().size() + " metrics within tolerance"));
    }

    @Test
    void aDropBeyondToleranceIsARegressionAndARiseAnImprovement() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>();
        for (Baseline.Metric m : own.metrics()) {
            if (m.group().equals("mae-finetune-100pct")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), true, m.mean() + 0.06, 0, 1));
            } else if (m.group().equals("scratch-100pct")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), true, m.mean() - 0.06, 0, 1));
            } else if (m.group().equals("mae-pretrain")) {
                ms.add(new Baseline.Metric(m.group(), m.metric(), false, m.mean() * 0.5, 0, 1));
            } else {
                ms.add(m);
            }
        }
        RegressionCheck.Result c = RegressionCheck.check(r, with(own, ms));
        assertTrue(c.failed());
        assertEquals(RegressionCheck.Status.REGRESSION, status(c, "mae-finetune-100pct"));
        assertEquals(RegressionCheck.Status.IMPROVED, status(c, "scratch-100pct"));
        assertEquals(RegressionCheck.Status.REGRESSION, status(c, "mae-pretrain"), "a loss above baseline + tolerance regresses");
        assertEquals(1.2, row(c, "mae-finetune-100pct").distance(), 1e-9, "6 points short of a 5-point fallback tolerance");
        assertTrue(c.table().stream().anyMatch(l -> l.contains("+1.20 tol")), String.join("\n", c.table()));
        List<Baseline.Metric> onlyBetter = new ArrayList<>(own.metrics());
        onlyBetter.replaceAll(m -> m.group().equals("scratch-100pct") ? new Baseline.Metric(m.group(), m.metric(), true, m.mean() - 0.06, 0, 1) : m);
        assertTrue(RegressionCheck.check(r, with(own, onlyBetter)).failed(), "an unexplained improvement fails by default");
        assertFalse(RegressionCheck.check(r, with(own, onlyBetter), false).failed(), "unless improvements are allowed");
    }

    @Test
    void theToleranceComesFromTheBaselineSpread() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        Baseline.Metric m = own.metrics().stream().filter(x -> x.group().equals("mae-finetune-100pct")).findFirst().orElseThrow();
        // three baseline runs with a 4-point spread: tolerance 3 * 0.04 * sqrt(1/3 + 1/n) for the row's n runs
        List<Baseline.Metric> ms = new ArrayList<>(own.metrics());
        ms.replaceAll(x -> x == m ? new Baseline.Metric(m.group(), m.metric(), true, m.mean() + 0.09, 0.04, 3) : x);
        RegressionCheck.Row row = row(RegressionCheck.check(r, with(own, ms)), "mae-finetune-100pct");
        assertEquals(3 * 0.04 * Math.sqrt(1.0 / 3 + 1.0 / row.n()), row.tolerance(), 1e-12);
        assertEquals(0.09 / row.tolerance(), row.distance(), 1e-9);
        // a spread of almost nothing cannot make the gate trip on rounding: the 2-point floor applies
        ms.replaceAll(x -> x.group().equals(m.group()) ? new Baseline.Metric(m.group(), m.metric(), true, m.mean() + 0.01, 0.0001, 3) : x);
        RegressionCheck.Result floor = RegressionCheck.check(r, with(own, ms));
        assertEquals(0.02, row(floor, "mae-finetune-100pct").tolerance(), 1e-12);
        assertEquals(RegressionCheck.Status.PASS, status(floor, "mae-finetune-100pct"));
    }

    @Test
    void aMetricMissingFromTheResultsFails() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        List<Baseline.Metric> ms = new ArrayList<>(own.metrics());
        ms.add(new Baseline.Metric("mvqvae-finetune-10pct", "test.top1", true, 0.5, 0.01, 3));
        RegressionCheck.Result c = RegressionCheck.check(r, with(own, ms));
        assertTrue(c.failed());
        assertEquals(RegressionCheck.Status.MISSING, status(c, "mvqvae-finetune-10pct"));
    }

    @Test
    void aBaselineOfAnotherDatasetIsRefused() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        Baseline other = new Baseline(Baseline.SCHEMA_VERSION, own.suite(), "ntu60-xsub", own.preset(), "x", own.machine(), own.seeds(),
                own.metrics());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RegressionCheck.check(r, other));
        assertTrue(e.getMessage().contains("ntu60-xsub") && e.getMessage().contains("nwucla-xview"), e.getMessage());
    }

    @Test
    void aBaselineFromAnotherMachineOrOtherSeedsIsSaidSo() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        assertTrue(RegressionCheck.check(r, own).notes().get(0).contains("this kind of machine"));
        Baseline elsewhere = new Baseline(Baseline.SCHEMA_VERSION, own.suite(), own.dataset(), own.preset(), "x",
                new Baseline.Machine("Some Other CPU [avx2]", "Linux", "linux-x86_64-avx2", "2", null), List.of(7L, 8L, 9L), own.metrics());
        List<String> notes = RegressionCheck.check(r, elsewhere).notes();
        assertTrue(notes.get(0).contains("another machine") && notes.get(0).contains("Some Other CPU"), notes.toString());
        assertTrue(notes.get(1).contains("[7, 8, 9]"), notes.toString());
    }

    @Test
    void aBaselineOfAnotherEngineIsSaidSoAndEachEngineHasItsOwnFile() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        assertEquals("nd4j", own.machine().engine(), "results that name no engine are ND4J's");
        Baseline.Machine m = own.machine();
        Baseline libtorch = new Baseline(Baseline.SCHEMA_VERSION, own.suite(), own.dataset(), own.preset(), "x",
                new Baseline.Machine(m.cpu(), m.os(), m.nativeVariant(), m.threads(), "libtorch"), own.seeds(), own.metrics());
        List<String> notes = RegressionCheck.check(r, libtorch).notes();
        assertTrue(notes.get(0).contains("another machine or engine") && notes.get(0).contains("libtorch engine"), notes.toString());
        assertEquals("skelmae/baselines/ci.json", Baseline.resource("ci", "nd4j"));
        assertEquals("skelmae/baselines/ci.json", Baseline.resource("ci", null));
        assertEquals("skelmae/baselines/ci.libtorch.json", Baseline.resource("ci", "libtorch"));
    }

    @Test
    void anOldBaselineWithoutSpreadIsRefusedWithTheFix() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Baseline(1, "ci", "nwucla-xview", "cpu", "x",
                null, List.of(1L), List.of()));
        assertTrue(e.getMessage().contains("skelmae.updateBaseline"), e.getMessage());
    }

    @Test
    void identicalGroupsFailWhateverTheirAccuracy() {
        SuiteResult r = results();
        Baseline own = RegressionCheck.baselineOf(r, "test");
        org.skelmae.suite.Comparison c = r.comparisons().get(0);
        List<org.skelmae.suite.Comparison> cs = new ArrayList<>(r.comparisons());
        cs.set(0, new org.skelmae.suite.Comparison(c.a(), c.b(), c.metric(), c.higherIsBetter(), c.interval(), c.n(), c.meanDifference(),
                c.ciLow(), c.ciHigh(), org.skelmae.stats.Verdict.IDENTICAL));
        SuiteResult identical = new SuiteResult(r.schemaVersion(), r.suite(), r.dataset(), r.synthetic(), r.preset(), r.data(),
                r.environment(), r.executor(), r.command(), r.wallSeconds(), r.outcomes(), r.summary(), cs);
        RegressionCheck.Result check = RegressionCheck.check(identical, own);
        assertTrue(check.failed(), String.join("\n", check.table()));
        assertTrue(check.rows().stream().anyMatch(x -> x.group().equals(c.a() + " - " + c.b()) && x.metric().equals("identical." + c.metric())
                && x.status() == RegressionCheck.Status.IDENTICAL), String.join("\n", check.table()));
        assertTrue(check.table().stream().anyMatch(l -> l.contains("is the pre-trained encoder loaded?")), String.join("\n", check.table()));
        assertFalse(RegressionCheck.check(r, own).failed(), "the same results without the identity pass");
    }

    private static Baseline with(Baseline b, List<Baseline.Metric> metrics) {
        return new Baseline(b.schemaVersion(), b.suite(), b.dataset(), b.preset(), "x", b.machine(), b.seeds(), metrics);
    }

    private static RegressionCheck.Row row(RegressionCheck.Result c, String group) {
        return c.rows().stream().filter(x -> x.group().equals(group)).findFirst().orElseThrow();
    }

    private static RegressionCheck.Status status(RegressionCheck.Result c, String group) {
        return row(c, group).status();
    }
}
