package org.skelmae.reports;

import org.junit.jupiter.api.Test;
import org.skelmae.reports.reference.PaperReferences;
import org.skelmae.util.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON and Markdown summaries against committed golden files, in two locales (numbers must not
 * follow the default locale). Regenerate with -Dskelmae.updateGolden=true and review the diff.
 */
class SummaryGoldenTest {

    private static void golden(String name, String actual) throws Exception {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("skelmae.updateGolden")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
    }

    @Test
    void summariesMatchTheGoldenFilesInEveryLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            for (Locale l : new Locale[]{Locale.ROOT, Locale.GERMANY}) {
                Locale.setDefault(l);
                for (String[] c : new String[][]{{"nwucla-xview", "cpu", "6"}, {"ntu60-xsub", "paper", "200"}}) {
                    ReportSummary s = ReportSummary.of(ReportModel.of(Fixtures.suite(c[0], c[1], Integer.parseInt(c[2]), false, false),
                            PaperReferences.load()));
                    golden("summary-" + c[0] + ".json", Json.toString(s) + "\n");
                    golden("summary-" + c[0] + ".md", s.markdown());
                }
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
