package org.okdhp.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json OUT.json} files commands write: pretty-printed, parent folders created, an
 * undefined number (NaN, which JSON cannot hold) written as null.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {}

    static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value instanceof Map<?, ?> numbers
                ? definedOrNull(numbers) : value);
    }

    private static Map<Object, Object> definedOrNull(Map<?, ?> numbers) {
        Map<Object, Object> written = new LinkedHashMap<>();
        numbers.forEach((name, number) -> written.put(name,
                number instanceof Double d && !Double.isFinite(d) ? null : number));
        return written;
    }
}
