package org.okdhp.train.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.okdhp.data.image.ImageSize;

/**
 * The Jackson set-up shared by every configuration read and write: snake_case keys, and strict
 * types (no "16" for 16, no 2.5 for an integer, no 1 for true, no missing primitive), so that a
 * typo in a file is an error rather than a silently different run.
 */
final class ConfigMapper {

    static final ObjectMapper YAML = strict(YAMLMapper.builder()
            // Strings stay quoted: with minimal quoting a folder named 1e-3 would read back as a number.
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    static final ObjectMapper JSON = strict(JsonMapper.builder());

    private ConfigMapper() {}

    private static ObjectMapper strict(MapperBuilder<?, ?> builder) {
        return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .build();
    }

    /** Binds a merged tree; a type error becomes a problem naming the key and its source. */
    static TrainingConfig bind(JsonNode tree, Function<String, String> sourceOf) {
        try {
            return JSON.treeToValue(tree, TrainingConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String listKey = key.replaceAll("\\[\\d+]$", "");
            throw new ConfigException(new ConfigProblem(key, sourceOf.apply(listKey), describe(e)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be malformed", e);
        }
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException format) {
            return "expected " + expected(format.getTargetType()) + ", got " + format.getValue();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + expected(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase()).toList();
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == ImageSize.class) {
            return "a size HEIGHTxWIDTH such as 256x192";
        }
        return type == String.class ? "text" : "a " + type.getSimpleName();
    }
}
