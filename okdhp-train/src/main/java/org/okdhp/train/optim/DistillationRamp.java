package org.okdhp.train.optim;

/**
 * The weight r(e) of the distillation (KL) loss term in epoch e, ramping from exp(-5) ~ 0.0067
 * up to 1: {@code r(e) = exp(-5 (1 - min(e, L) / L)^2)} with 0-based epoch e (method doc
 * section 3). A length of 0 means no ramp: the weight is 1 from the first epoch.
 *
 * @param lengthEpochs L, the epoch from which the weight is 1 (authors' default 90)
 */
public record DistillationRamp(int lengthEpochs) {

    public static final int DEFAULT_LENGTH_EPOCHS = 90;

    /** The sharpness of the sigmoid-shaped ramp (the "-5" of the formula, as in mean-teacher). */
    private static final double STEEPNESS = 5.0;

    public DistillationRamp {
        if (lengthEpochs < 0) {
            throw new IllegalArgumentException("ramp length must be >= 0 epochs, got " + lengthEpochs);
        }
    }

    /** r(e) for the given 0-based epoch. */
    public double weightAt(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (lengthEpochs == 0) {
            return 1.0;
        }
        double remaining = 1.0 - (double) Math.min(epoch, lengthEpochs) / lengthEpochs;
        return Math.exp(-STEEPNESS * remaining * remaining);
    }
}
