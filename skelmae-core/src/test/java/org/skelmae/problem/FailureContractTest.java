package org.skelmae.problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skelmae.data.SkeletonDataException;
import org.skelmae.data.npz.NpzFormatException;
import org.skelmae.run.ModelSpecs;
import org.skelmae.training.DivergenceException;
import org.skelmae.training.TrainingConfig;
import org.skelmae.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expected problems are one family, and a JSON file that cannot be read is one of them, naming the file. */
class FailureContractTest {

    @TempDir
    Path tmp;

    @Test
    void theExpectedProblemsAreOneFamilyApartFromIllegalArgument() {
        for (RuntimeException e : List.of(new ConfigurationException("c"), new SkeletonDataException("f", 1, "d"),
                new NpzFormatException("n"), new DivergenceException("loss is NaN"))) {
            assertInstanceOf(SkelmaeException.class, e);
            assertFalse(e instanceof IllegalArgumentException || e instanceof IllegalStateException,
                    e.getClass() + ": an invariant's exception must never read as an expected problem, nor the reverse");
        }
    }

    @Test
    void aValueARecordRejectsReadsAsItsMessageInTheFile() throws Exception {
        Path file = tmp.resolve("training.json");
        Json.write(file, TrainingConfig.paper().withEpochs(4));
        Files.writeString(file, Files.readString(file).replaceFirst("\"batchSize\" : 64", "\"batchSize\" : 0"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Json.read(file, TrainingConfig.class));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("batchSize 0"), e.getMessage());
        assertFalse(e.getMessage().contains("Cannot construct"), "the record's own words, not Jackson's: " + e.getMessage());
    }

    @Test
    void malformedMissingAndUnknownModelFilesNameTheFile() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\n  \"epochs\": 4,\n  oops\n}");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Json.read(broken, TrainingConfig.class));
        assertTrue(e.getMessage().startsWith(broken + ":3:"), e.getMessage());

        Path none = tmp.resolve("none.json");
        e = assertThrows(ConfigurationException.class, () -> Json.read(none, TrainingConfig.class));
        assertTrue(e.getMessage().contains("none.json") && e.getMessage().contains("not found"), e.getMessage());

        // the model deserializer rejects the root value itself, which Jackson does not wrap: the file is still named
        Path neither = tmp.resolve("neither.json");
        Files.writeString(neither, "{\"name\": \"x\"}");
        e = assertThrows(ConfigurationException.class, () -> ModelSpecs.preset(neither.toString()));
        assertTrue(e.getMessage().startsWith(neither.toString()) && e.getMessage().contains("neither an STTFormer-family config"),
                e.getMessage());
    }
}
