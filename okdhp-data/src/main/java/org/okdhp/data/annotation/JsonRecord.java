package org.okdhp.data.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One record of a JSON pose file (an object, or for predictions an array) with typed access. Every failure names the file, the
 * record (e.g. {@code annotations[3] (id 442619)}) and the field, so readers need no error code
 * of their own.
 */
final class JsonRecord {

    private final Path file;
    private final String label;
    private final JsonNode node;

    JsonRecord(Path file, String label, JsonNode node) {
        this.file = file;
        this.label = label;
        this.node = node;
    }

    /** The same record, labelled with its id once that is known (for later messages). */
    JsonRecord labelledWith(String id) {
        return new JsonRecord(file, label + " (" + id + ")", node);
    }

    String label() {
        return label;
    }

    /** True when the field is present and not JSON null. */
    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    double number(String field) throws AnnotationFormatException {
        return number(required(field), field);
    }

    long integer(String field) throws AnnotationFormatException {
        JsonNode value = required(field);
        if (!value.isNumber() || !value.canConvertToExactIntegral()) {
            throw fail("field '" + field + "' is " + describe(value) + ", not an integer");
        }
        return value.asLong();
    }

    String text(String field) throws AnnotationFormatException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw fail("field '" + field + "' is " + describe(value) + ", not a string");
        }
        return value.asText();
    }

    /** A flat array of strings. */
    java.util.List<String> texts(String field) throws AnnotationFormatException {
        JsonNode array = array(required(field), field, -1);
        java.util.List<String> values = new java.util.ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw fail("'" + field + "[" + i + "]' is " + describe(array.get(i)) + ", not a string");
            }
            values.add(array.get(i).asText());
        }
        return values;
    }

    /** A flat array of numbers; {@code length} &lt; 0 accepts any length. */
    double[] numbers(String field, int length) throws AnnotationFormatException {
        JsonNode array = array(required(field), field, length);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.get(i), field + "[" + i + "]");
        }
        return values;
    }

    /** An array of {@code rows} arrays of {@code columns} numbers each, e.g. 16 joints x [x, y]; {@code rows} &lt; 0 accepts any count. */
    double[][] rows(String field, int rows, int columns) throws AnnotationFormatException {
        return rows(required(field), field, rows, columns);
    }

    /** For a record that is itself such an array of rows (e.g. one person's predicted joints). */
    double[][] asRows(String what, int rows, int columns) throws AnnotationFormatException {
        return rows(node, what, rows, columns);
    }

    private double[][] rows(JsonNode value, String field, int rows, int columns) throws AnnotationFormatException {
        JsonNode array = array(value, field, rows);
        double[][] values = new double[array.size()][columns];
        for (int r = 0; r < values.length; r++) {
            JsonNode row = array(array.get(r), field + "[" + r + "]", columns);
            for (int c = 0; c < columns; c++) {
                values[r][c] = number(row.get(c), field + "[" + r + "][" + c + "]");
            }
        }
        return values;
    }

    AnnotationFormatException fail(String problem) {
        return new AnnotationFormatException(file, label, problem);
    }

    private JsonNode required(String field) throws AnnotationFormatException {
        if (!node.isObject()) {
            throw fail("is " + describe(node) + ", not an object");
        }
        if (!has(field)) {
            throw fail("missing field '" + field + "'");
        }
        return node.get(field);
    }

    private JsonNode array(JsonNode value, String what, int length) throws AnnotationFormatException {
        if (!value.isArray()) {
            throw fail("'" + what + "' is " + describe(value) + ", not an array");
        }
        if (length >= 0 && value.size() != length) {
            throw fail("'" + what + "' has " + value.size() + " entries instead of " + length);
        }
        return value;
    }

    private double number(JsonNode value, String what) throws AnnotationFormatException {
        if (!value.isNumber()) {
            throw fail("'" + what + "' is " + describe(value) + ", not a number");
        }
        double number = value.asDouble();
        if (!Double.isFinite(number)) {
            // Jackson reads 1e999 as infinity: no coordinate, scale or score means that.
            throw fail("'" + what + "' is " + value.asText() + ", not a finite number");
        }
        return number;
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string \"" + value.asText() + "\"";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
        };
    }
}
