package org.skelmae.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.skelmae.problem.ConfigurationException;
import org.skelmae.problem.SkelmaeException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration of the project: configs are read strictly (unknown fields, missing
 * required fields and nulls for primitives are errors that name the file, line and field), results
 * are written indented with map keys sorted so files diff cleanly, and always atomically.
 *
 * <p>A file or stream that cannot be read as the type asked for is a {@link ConfigurationException} naming the source:
 * the files read here are the user's (suites, presets, configs, baselines, results, run records), and a record whose
 * constructor rejects a value (itself a {@link SkelmaeException}, which Jackson wraps) reads as that value's message.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final ObjectMapper LENIENT_CREATORS = MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private Json() {
    }

    /** The shared mapper (strict reading, sorted indented writing). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A mapper that lets absent creator properties take their defaults (for configs with defaults). */
    public static ObjectMapper withDefaults() {
        return LENIENT_CREATORS;
    }

    /**
     * Reads a file, turning Jackson errors into messages with file, line, column and field path.
     *
     * @throws ConfigurationException when the file is missing, unreadable, malformed or holds a rejected value
     */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, type, MAPPER);
    }

    public static <T> T read(Path file, Class<T> type, ObjectMapper mapper) {
        try (InputStream in = Files.newInputStream(file)) {
            return mapper.readValue(in, type);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": file not found", e);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(describe(file.toString(), e), e);
        } catch (ConfigurationException e) {
            // a custom deserializer of the root value rejected it (Jackson wraps only what nested values throw)
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads from a stream (e.g. a classpath resource) named {@code source} in errors.
     *
     * @throws ConfigurationException when the stream is unreadable, malformed or holds a rejected value
     */
    public static <T> T read(InputStream in, String source, Class<T> type, ObjectMapper mapper) {
        try {
            return mapper.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(describe(source, e), e);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * "file:line:column: field a.b[2].c: problem". When a constructor rejected a value with a {@link SkelmaeException}
     * (which Jackson wraps), the problem is that exception's message rather than Jackson's "Cannot construct instance".
     */
    public static String describe(String source, JsonProcessingException e) {
        StringBuilder sb = new StringBuilder(source);
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            sb.append(':').append(loc.getLineNr()).append(':').append(loc.getColumnNr());
        }
        sb.append(": ");
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            sb.append("field '").append(path).append("': ");
        }
        SkelmaeException rejected = null;
        for (Throwable c = e.getCause(); c != null && rejected == null; c = c.getCause()) {
            rejected = c instanceof SkelmaeException x ? x : null;
        }
        sb.append(rejected != null ? rejected.getMessage() : e.getOriginalMessage());
        return sb.toString();
    }

    /** Writes an object as indented JSON, atomically. */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** One compact line (for JSON Lines files). */
    public static String line(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
