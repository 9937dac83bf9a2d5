package org.okdhp.data.annotation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Streams the records of a JSON pose file one object at a time, so that large files (COCO train
 * keypoints: 240 MB, mostly segmentation polygons) never sit in memory as one tree.
 */
final class JsonRecordStream {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a reader does with one record; may throw to stop at a bad one. */
    interface RecordConsumer {
        void accept(JsonRecord record) throws IOException;
    }

    private JsonRecordStream() {}

    /** Reads a file whose top level is an array of objects, labelling them {@code name[i]}. */
    static void readArray(Path file, String name, RecordConsumer consumer) throws IOException {
        try (JsonParser parser = MAPPER.createParser(Files.newInputStream(file))) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new AnnotationFormatException(file, "the top level is " + describe(first)
                        + ", expected an array of " + name + "s");
            }
            streamArray(file, parser, name, consumer);
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        }
    }

    /**
     * Reads a file whose top level is an object: each key of {@code arrays} present in the file
     * must hold an array of objects, streamed to its consumer; other keys are skipped.
     *
     * @return the keys of {@code arrays} that the file holds
     */
    static Set<String> readObjectArrays(Path file, Map<String, RecordConsumer> arrays) throws IOException {
        Set<String> found = new HashSet<>();
        try (JsonParser parser = MAPPER.createParser(Files.newInputStream(file))) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new AnnotationFormatException(file, "the top level is " + describe(first)
                        + ", expected an object with " + String.join(", ", arrays.keySet()));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                RecordConsumer consumer = arrays.get(key);
                if (consumer == null) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new AnnotationFormatException(file, "'" + key + "' is " + describe(value) + ", not an array");
                }
                found.add(key);
                streamArray(file, parser, key, consumer);
            }
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        }
        return found;
    }

    private static void streamArray(Path file, JsonParser parser, String name, RecordConsumer consumer)
            throws IOException {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) {
                throw new AnnotationFormatException(file, "the file ends inside '" + name + "'");
            }
            JsonNode node = MAPPER.readTree(parser);
            consumer.accept(new JsonRecord(file, name + "[" + index + "]", node));
            index++;
        }
    }

    private static AnnotationFormatException malformed(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new AnnotationFormatException(file, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT).replace("value_", "");
        };
    }
}
