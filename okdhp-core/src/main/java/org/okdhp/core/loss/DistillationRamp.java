package org.okdhp.core.loss;

/**
 * The weight that fades the distillation term in: r(e) = exp(-5 (1 - min(e, L) / L)^2) for the
 * 0-based epoch e and ramp length L (90 in the authors' script); r = 1 from epoch L on. A length
 * of 0 means no ramp: r = 1 from the first epoch.
 */
public record DistillationRamp(int length) {

    public static final int DEFAULT_LENGTH = 90;
    private static final double SHARPNESS = 5.0;

    public DistillationRamp {
        if (length < 0) {
            throw new IllegalArgumentException("ramp length must be >= 0 epochs, got " + length);
        }
    }

    public static DistillationRamp standard() {
        return new DistillationRamp(DEFAULT_LENGTH);
    }

    /** r at a (possibly fractional) 0-based epoch. */
    public double at(double epoch) {
        if (length == 0) {
            return 1.0;
        }
        double t = 1.0 - Math.min(Math.max(epoch, 0.0), length) / length;
        return Math.exp(-SHARPNESS * t * t);
    }
}
