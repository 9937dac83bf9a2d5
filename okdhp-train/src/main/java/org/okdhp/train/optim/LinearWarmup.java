package org.okdhp.train.optim;

/**
 * A linear learning-rate warm-up over the first optimizer steps of a run: step s (0-based, counted
 * over the whole run) uses (s + 1) / steps of the scheduled rate, later steps the schedule alone.
 * Adam's first updates move every weight by about lr whatever the gradient's size, while the
 * moment estimates are still noise; a short ramp (MMPose's recipes warm up too) keeps those steps
 * small. The authors' recipe has none, so the paper presets use 0 steps.
 *
 * @param steps optimizer steps to ramp over; 0 turns warm-up off
 */
public record LinearWarmup(int steps) {

    public static final LinearWarmup NONE = new LinearWarmup(0);

    public LinearWarmup {
        if (steps < 0) {
            throw new IllegalArgumentException("warm-up steps cannot be negative, got " + steps);
        }
    }

    /** The factor on the scheduled rate at a 0-based global step. */
    public double factor(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return step < steps ? (step + 1.0) / steps : 1.0;
    }

    /** Whether the step still runs below the scheduled rate. */
    public boolean ramps(long step) {
        return step < steps;
    }
}
