package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** Builds small MATLAB level-5 files with mfl-core, shaped like the MPII files the readers take. */
final class MatFiles {

    static final Array EMPTY = Mat5.EMPTY_MATRIX;

    private MatFiles() {}

    static Path write(Path file, String name, Array value) throws IOException {
        MatFile mat = Mat5.newMatFile().addArray(name, value);
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }

    static Path write(Path file, String[] names, Array... values) throws IOException {
        MatFile mat = Mat5.newMatFile();
        for (int i = 0; i < names.length; i++) {
            mat.addArray(names[i], values[i]);
        }
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }

    static Matrix scalar(double value) {
        return Mat5.newScalar(value);
    }

    /** A 1 x n row of numbers. */
    static Matrix row(double... values) {
        Matrix row = Mat5.newMatrix(1, values.length);
        for (int i = 0; i < values.length; i++) {
            row.setDouble(i, values[i]);
        }
        return row;
    }

    /** A numeric array of the given dimensions whose element at subscripts s holds value(s). */
    static Matrix filled(int[] dims, java.util.function.ToDoubleFunction<int[]> value) {
        Matrix matrix = Mat5.newMatrix(dims);
        fill(matrix, dims, new int[dims.length], 0, value);
        return matrix;
    }

    private static void fill(Matrix m, int[] dims, int[] at, int axis, java.util.function.ToDoubleFunction<int[]> value) {
        if (axis == dims.length) {
            m.setDouble(at, value.applyAsDouble(at));
            return;
        }
        for (int i = 0; i < dims[axis]; i++) {
            at[axis] = i;
            fill(m, dims, at, axis + 1, value);
        }
    }

    /** A 1 x 1 struct from alternating field names and values. */
    static Struct struct(Object... namesAndValues) {
        Struct s = Mat5.newStruct();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            s.set((String) namesAndValues[i], (Array) namesAndValues[i + 1]);
        }
        return s;
    }

    /** A 1 x n struct array over the given fields; element e's values are elements[e]. */
    static Struct structArray(String[] fields, Array[]... elements) {
        Struct s = Mat5.newStruct(1, elements.length);
        for (int e = 0; e < elements.length; e++) {
            for (int f = 0; f < fields.length; f++) {
                s.set(fields[f], e, elements[e][f]);
            }
        }
        return s;
    }
}
