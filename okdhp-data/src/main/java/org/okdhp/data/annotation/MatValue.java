package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * A value inside a MATLAB level-5 file, remembered with its MATLAB path (e.g.
 * {@code RELEASE.annolist(12).annorect(2).scale}), so that every typed access fails with a message
 * naming the file and the path. An element of a struct array is a view (the struct, an index),
 * because mfl-core addresses struct fields by element.
 */
final class MatValue {

    private final Path file;
    private final String path;
    private final Array array;
    /** For a view of one element of a struct array, its 0-based index; otherwise -1. */
    private final int element;

    private MatValue(Path file, String path, Array array, int element) {
        this.file = file;
        this.path = path;
        this.array = array;
        this.element = element;
    }

    /** Reads every variable of a .mat file, by name in file order (the file is read whole). */
    static Map<String, MatValue> readVariables(Path file) throws IOException {
        Map<String, MatValue> variables = new LinkedHashMap<>();
        for (MatFile.Entry entry : open(file).getEntries()) {
            variables.put(entry.getName(), new MatValue(file, entry.getName(), entry.getValue(), -1));
        }
        return variables;
    }

    /** The variable {@code name} of a file read by {@link #readVariables}, or a failure naming the file. */
    static MatValue variable(Path file, Map<String, MatValue> variables, String name) throws AnnotationFormatException {
        MatValue value = variables.get(name);
        if (value == null) {
            throw new AnnotationFormatException(file, "has no variable '" + name + "' (variables: "
                    + String.join(", ", variables.keySet()) + ")");
        }
        return value;
    }

    private static MatFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new AnnotationFormatException(file,
                    "not a readable MATLAB level-5 .mat file (v7.3/HDF5 files are not supported): " + e.getMessage(), e);
        }
    }

    /** True for [] and other arrays without elements (MATLAB's "no value"). */
    boolean isEmpty() {
        return element < 0 && array.getNumElements() == 0;
    }

    /** The number of elements (1 for a struct-array element). */
    int size() {
        return element < 0 ? array.getNumElements() : 1;
    }

    /** The extent along 0-based {@code axis}; MATLAB drops trailing singleton axes, so those are 1. */
    int extent(int axis) {
        int[] dims = array.getDimensions();
        return axis < dims.length ? dims[axis] : 1;
    }

    /** True when the array has exactly these extents (trailing singleton axes may be dropped). */
    boolean hasShape(int... expected) {
        if (array.getDimensions().length > Math.max(expected.length, 2)) {
            return false;
        }
        for (int axis = 0; axis < expected.length; axis++) {
            if (extent(axis) != expected[axis]) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless {@link #hasShape}; {@code expectation} describes it for the message. */
    void requireShape(String expectation, int... expected) throws AnnotationFormatException {
        if (!hasShape(expected)) {
            throw fail("has shape " + Arrays.toString(array.getDimensions()) + ", expected " + expectation);
        }
    }

    boolean isText() {
        return array instanceof Char;
    }

    boolean hasField(String name) {
        return array instanceof Struct struct && struct.getFieldNames().contains(name);
    }

    /** A field of a single struct (or of this struct-array element). */
    MatValue field(String name) throws AnnotationFormatException {
        if (!(array instanceof Struct struct)) {
            throw fail("is " + describe() + ", not a struct with field '" + name + "'");
        }
        if (!struct.getFieldNames().contains(name)) {
            throw fail("has no field '" + name + "' (fields: " + String.join(", ", struct.getFieldNames()) + ")");
        }
        int index = element;
        if (index < 0) {
            if (array.getNumElements() != 1) {
                throw fail("is " + describe() + ", expected a single struct");
            }
            index = 0;
        }
        return new MatValue(file, path + "." + name, struct.get(name, index), -1);
    }

    /** Element {@code index} (0-based) of a struct array or a cell array; paths show it 1-based. */
    MatValue element(int index) throws AnnotationFormatException {
        if (index < 0 || index >= size()) {
            throw fail("has no element " + (index + 1) + " (it has " + size() + ")");
        }
        if (array instanceof Struct && element < 0) {
            return new MatValue(file, path + "(" + (index + 1) + ")", array, index);
        }
        if (array instanceof Cell cell) {
            return new MatValue(file, path + "{" + (index + 1) + "}", cell.get(index), -1);
        }
        throw fail("is " + describe() + ", not a struct or cell array");
    }

    /** The only number of a numeric (or logical) scalar. */
    double scalar() throws AnnotationFormatException {
        Matrix matrix = matrix();
        if (size() != 1) {
            throw fail("is " + describe() + ", expected a single number");
        }
        return matrix.getDouble(0);
    }

    /** A single number that must be finite, such as a coordinate (a .mat file may hold NaN or Inf anywhere). */
    double finiteScalar() throws AnnotationFormatException {
        double value = scalar();
        if (!Double.isFinite(value)) {
            throw fail("is " + value + ", not a finite number");
        }
        return value;
    }

    /** Numeric element at a 0-based linear (column-major) index. */
    double number(int index) throws AnnotationFormatException {
        return matrix().getDouble(index);
    }

    /** Numeric element at 0-based subscripts. */
    double number(int[] subscripts) throws AnnotationFormatException {
        return matrix().getDouble(subscripts);
    }

    String text() throws AnnotationFormatException {
        if (!(array instanceof Char chars)) {
            throw fail("is " + describe() + ", not text");
        }
        return chars.getString().trim();
    }

    AnnotationFormatException fail(String problem) {
        return new AnnotationFormatException(file, path, problem);
    }

    private Matrix matrix() throws AnnotationFormatException {
        if (!(array instanceof Matrix matrix) || matrix.isComplex()) {
            throw fail("is " + describe() + ", not a real numeric array");
        }
        return matrix;
    }

    private String describe() {
        if (array instanceof Char chars) {
            return "the text '" + chars.getString().trim() + "'";
        }
        String dims = Arrays.stream(array.getDimensions()).mapToObj(String::valueOf)
                .reduce((a, b) -> a + "x" + b).orElse("");
        return "a " + dims + " " + array.getType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
