package org.skelmae.benchmarks;

import org.junit.jupiter.api.Test;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.stats.Verdict;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteAgreementTest {

    private static List<SuiteAgreement.Value> runs(String group, boolean higherIsBetter, double... values) {
        List<SuiteAgreement.Value> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new SuiteAgreement.Value(group, "test.top1", higherIsBetter, (i + 1) + "/0", values[i]));
        }
        return out;
    }

    private static List<SuiteAgreement.Value> concat(List<SuiteAgreement.Value> a, List<SuiteAgreement.Value> b) {
        List<SuiteAgreement.Value> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void pairsBySeedAndReadsTheIntervalForTheSecondSide() {
        List<SuiteAgreement.Value> a = concat(runs("same", true, 0.4, 0.5, 0.45), concat(runs("shifted", true, 0.40, 0.50, 0.45),
                runs("noisy", true, 0.40, 0.50, 0.45)));
        List<SuiteAgreement.Value> b = concat(runs("same", true, 0.4, 0.5, 0.45), concat(runs("shifted", true, 0.51, 0.60, 0.56),
                runs("noisy", true, 0.45, 0.44, 0.47)));
        List<SuiteAgreement.Row> rows = SuiteAgreement.rows(a, b);
        assertEquals(List.of("same", "shifted", "noisy"), rows.stream().map(SuiteAgreement.Row::group).toList());
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, rows.get(0).verdict());
        assertEquals(0, rows.get(0).difference().high());
        assertEquals(Verdict.BETTER, rows.get(1).verdict());
        assertEquals(0.1067, rows.get(1).difference().mean(), 1e-4);
        assertEquals(Verdict.NO_DETECTABLE_DIFFERENCE, rows.get(2).verdict());
        assertEquals(3, rows.get(2).difference().n());
        String table = SuiteAgreement.table(rows, "nd4j", "libtorch");
        assertTrue(table.contains("| shifted | test.top1 | 3 | 0.4500 ± 0.0500 | 0.5567 ± 0.0451 | +0.1067 ["), table);
    }

    @Test
    void onlyPairedRunsCountAndALowerLossIsBetter() {
        List<SuiteAgreement.Value> a = runs("pre", false, 0.30, 0.31, 0.29, 0.5);
        List<SuiteAgreement.Value> b = runs("pre", false, 0.20, 0.21, 0.20);
        b.addAll(runs("only-b", true, 0.1, 0.2));
        List<SuiteAgreement.Row> rows = SuiteAgreement.rows(a, b);
        assertEquals(1, rows.size());
        assertEquals(3, rows.get(0).difference().n());
        assertEquals(Verdict.BETTER, rows.get(0).verdict());
    }

    @Test
    void refusesAmbiguousPairs() {
        List<SuiteAgreement.Value> twice = concat(runs("g", true, 0.1), runs("g", true, 0.2));
        assertThrows(ConfigurationException.class, () -> SuiteAgreement.rows(twice, runs("g", true, 0.1)));
        List<SuiteAgreement.Value> loss = List.of(new SuiteAgreement.Value("g", "validation.loss", false, "1/0", 0.1));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SuiteAgreement.rows(runs("g", true, 0.1), loss));
        assertTrue(e.getMessage().contains("validation.loss"), e.getMessage());
    }
}
