package org.okdhp.train.loop;

/**
 * Wall-clock nanoseconds of one training step's phases: the training-mode forward with the loss
 * (read back to the host), the backward pass, and the update (gradient norm, clipping, Adam).
 * Synchronous on the CPU; on a GPU the host read of the loss closes the forward phase.
 */
public record StepPhases(long forwardNanos, long backwardNanos, long updateNanos) {}
