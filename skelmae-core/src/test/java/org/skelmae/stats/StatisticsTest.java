package org.skelmae.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics against published t tables and values worked out by hand. */
class StatisticsTest {

    @Test
    void meanAndSampleStandardDeviation() {
        assertEquals(3, Statistics.mean(new double[]{1, 2, 3, 4, 5}), 1e-12);
        // squares of deviations 4+1+0+1+4 = 10, divided by n − 1 = 4
        assertEquals(Math.sqrt(2.5), Statistics.std(new double[]{1, 2, 3, 4, 5}), 1e-12);
        assertTrue(Double.isNaN(Statistics.mean(new double[0])));
        assertTrue(Double.isNaN(Statistics.std(new double[]{7})), "one value has no spread to estimate");
    }

    @Test
    void logGammaMatchesFactorialsAndSqrtPi() {
        assertEquals(Math.log(24), Statistics.logGamma(5), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Statistics.logGamma(0.5), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI) / 2), Statistics.logGamma(1.5), 1e-12);
        assertEquals(Math.log(2 * Math.sqrt(Math.PI)), Statistics.logGamma(-0.5), 1e-10, "reflection: Γ(−1/2) = −2√π");
    }

    @Test
    void regularizedBetaClosedForms() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
        assertEquals(0.3, Statistics.regularizedBeta(0.3, 1, 1), 1e-12);
        assertEquals(Math.pow(0.6, 3), Statistics.regularizedBeta(0.6, 3, 1), 1e-12);
        assertEquals(1 - Math.pow(0.8, 4), Statistics.regularizedBeta(0.2, 1, 4), 1e-12);
        assertEquals(0.5, Statistics.regularizedBeta(0.5, 7, 7), 1e-12, "symmetric");
    }

    @Test
    void tCdfClosedForms() {
        assertEquals(0.5, Statistics.tCdf(0, 3), 1e-15);
        // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/π
        assertEquals(0.75, Statistics.tCdf(1, 1), 1e-12);
        assertEquals(0.5 + Math.atan(-3) / Math.PI, Statistics.tCdf(-3, 1), 1e-12);
        // df = 2: F(t) = 1/2 + t / (2 √(2 + t²))
        assertEquals(0.5 + 2 / (2 * Math.sqrt(6)), Statistics.tCdf(2, 2), 1e-12);
    }

    @Test
    void tQuantilesMatchThePublishedTable() {
        // two-sided 95% critical values from any t table
        assertEquals(12.706, Statistics.tQuantile(0.975, 1), 5e-4);
        assertEquals(4.303, Statistics.tQuantile(0.975, 2), 5e-4);
        assertEquals(3.182, Statistics.tQuantile(0.975, 3), 5e-4);
        assertEquals(2.776, Statistics.tQuantile(0.975, 4), 5e-4);
        assertEquals(2.228, Statistics.tQuantile(0.975, 10), 5e-4);
        assertEquals(2.042, Statistics.tQuantile(0.975, 30), 5e-4);
        assertEquals(1.960, Statistics.tQuantile(0.975, 1e7), 5e-4, "tends to the normal quantile");
        // one-sided 95%, and the closed form of df = 1: tan(π (p − 1/2))
        assertEquals(2.015, Statistics.tQuantile(0.95, 5), 5e-4);
        assertEquals(Math.tan(Math.PI * 0.475), Statistics.tQuantile(0.975, 1), 1e-9);
        assertEquals(-Statistics.tQuantile(0.975, 7), Statistics.tQuantile(0.025, 7), 1e-12, "symmetric");
        assertEquals(0.975, Statistics.tCdf(Statistics.tQuantile(0.975, 17), 17), 1e-10, "inverse of the CDF");
        assertThrows(IllegalArgumentException.class, () -> Statistics.tQuantile(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Statistics.tQuantile(0.9, 0));
    }

    @Test
    void meanIntervalIsTBasedAndUndefinedBelowTwoValues() {
        // mean 3, s = √2.5, half width t(0.975, 4) · s / √5 = 2.7764 · 1.5811 / 2.2361 = 1.9632
        ConfidenceInterval ci = Statistics.meanCi95(new double[]{1, 2, 3, 4, 5});
        assertEquals(3, ci.estimate(), 1e-12);
        assertEquals(1.0368, ci.low(), 1e-3);
        assertEquals(4.9632, ci.high(), 1e-3);
        assertEquals(5, ci.n());
        ConfidenceInterval one = Statistics.meanCi95(new double[]{0.8});
        assertEquals(0.8, one.estimate());
        assertFalse(one.defined());
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.high()));
    }

    @Test
    void pairedDifferenceUsesTheDifferences() {
        // differences 0.20, 0.19, 0.24: mean 0.21, sd √(0.0014/2) = 0.026458, half 4.3027 · 0.026458 / √3 = 0.065726
        PairedDifference d = PairedDifference.of(new double[]{0.79, 0.81, 0.83}, new double[]{0.59, 0.62, 0.59});
        assertEquals(3, d.n());
        assertEquals(0.21, d.mean(), 1e-12);
        assertEquals(0.026458, d.std(), 1e-6);
        assertEquals(0.144274, d.low(), 1e-5);
        assertEquals(0.275726, d.high(), 1e-5);
        assertEquals(Verdict.BETTER, d.verdict(true));
        assertEquals(Verdict.WORSE, d.verdict(false), "for a loss a larger a is worse");
        PairedDifference one = PairedDifference.of(new double[]{0.8}, new double[]{0.6});
        assertEquals(0.2, one.mean(), 1e-12);
        assertEquals(Verdict.NOT_ENOUGH_RUNS, one.verdict(true));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[2], new double[3]));
    }

    @Test
    void verdictsReadTheIntervalAgainstZero() {
        assertEquals(Verdict.BETTER, Verdict.of(0.01, 0.2, true));
        assertEquals(Verdict.WORSE, Verdict.of(-0.2, -0.01, true));
        assertEquals(Verdict.BETTER, Verdict.of(-0.2, -0.01, false));
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, Verdict.of(-0.1, 0.2, true));
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, Verdict.of(0, 0, true), "an interval touching zero contains it");
        assertEquals(Verdict.NOT_ENOUGH_RUNS, Verdict.of(Double.NaN, Double.NaN, true));
        assertEquals("no detectable difference", Verdict.NO_DETECTABLE_DIFFERENCE.label());
    }

    @Test
    void verdictIsWrittenAndReadAsItsWords() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals("\"not enough runs\"", m.writeValueAsString(Verdict.NOT_ENOUGH_RUNS));
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, m.readValue("\"no detectable difference\"", Verdict.class));
    }

    /** n samples: the first onlyA right only in A, the next onlyB right only in B, the rest right in both. */
    private static boolean[][] runs(int n, int onlyA, int onlyB) {
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < onlyA || i >= onlyA + onlyB;
            b[i] = i >= onlyA;
        }
        return new boolean[][]{a, b};
    }

    @Test
    void bootstrapMatchesTheNormalApproximation() {
        // 400 samples, 40 right only in A, 20 only in B: d = 0.05; per-sample var = 60/400 − 0.05² = 0.1475,
        // standard error √(0.1475/400) = 0.0192, so the interval is about 0.05 ± 1.96 · 0.0192 = [0.0124, 0.0876]
        boolean[][] r = runs(400, 40, 20);
        ConfidenceInterval ci = PairedBootstrap.ci95(r[0], r[1]);
        assertEquals(0.05, ci.estimate(), 1e-12);
        assertEquals(400, ci.n());
        assertEquals(0.0124, ci.low(), 0.006);
        assertEquals(0.0876, ci.high(), 0.006);
        assertEquals(Verdict.BETTER, Verdict.of(ci.low(), ci.high(), true));
        ConfidenceInterval swapped = PairedBootstrap.ci95(r[1], r[0]);
        assertEquals(-0.05, swapped.estimate(), 1e-12);
        assertEquals(-ci.high(), swapped.low(), 1e-12, "the same draws, mirrored");
    }

    @Test
    void bootstrapEdgeCasesAndDeterminism() {
        boolean[][] same = runs(50, 0, 0);
        ConfidenceInterval zero = PairedBootstrap.ci95(same[0], same[1]);
        assertArrayEquals(new double[]{0, 0, 0}, new double[]{zero.estimate(), zero.low(), zero.high()});
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, Verdict.of(zero.low(), zero.high(), true));
        boolean[][] allA = runs(30, 30, 0);
        ConfidenceInterval one = PairedBootstrap.ci95(allA[0], allA[1]);
        assertEquals(1, one.low(), 0);
        assertEquals(1, one.high(), 0);
        boolean[][] r = runs(200, 12, 9);
        assertEquals(PairedBootstrap.ci95(r[0], r[1]), PairedBootstrap.ci95(r[0], r[1]), "fixed seed");
        assertTrue(PairedBootstrap.ci95(r[0], r[1]).low() < 0 && PairedBootstrap.ci95(r[0], r[1]).high() > 0, "3 of 200 is noise");
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.ci95(new boolean[3], new boolean[4]));
        assertFalse(PairedBootstrap.ci95(new boolean[0], new boolean[0]).defined());
    }
}
