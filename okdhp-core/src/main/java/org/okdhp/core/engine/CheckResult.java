package org.okdhp.core.engine;

import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * One float32 computation of the engine compared with the same computation in float64.
 *
 * @param operation what was computed, e.g. "convolution input gradient"
 * @param shape the case: the input shape and what else sets the operation (kernel, channels)
 * @param relativeError |float32 - float64| / |float64| over all elements (Euclidean norms); NaN when
 *     the float32 result holds a NaN
 * @param tolerance the largest relative error a correct float32 kernel reaches here
 */
public record CheckResult(String operation, String shape, double relativeError, double tolerance) {

    public boolean passed() {
        return relativeError <= tolerance; // false for NaN
    }

    /** "convolution input gradient (2, 8, 12, 12) k3 8->8: relative error 1.2e-07 (tolerance 1e-04)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s: relative error %.2g (tolerance %.0e)", operation, shape,
                relativeError, tolerance);
    }

    static String shapeOf(Shape input, String detail) {
        return input + (detail.isEmpty() ? "" : " " + detail);
    }
}
