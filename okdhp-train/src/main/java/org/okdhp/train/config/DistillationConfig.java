package org.okdhp.train.config;

import org.okdhp.train.optim.DistillationRamp;

/**
 * Loss weights (method doc section 3): total = sum MSE + lambdaEns * MSE(ensemble)
 * + lambdaKd * r(epoch) * sum KL.
 *
 * @param lambdaKd weight of the KL distillation terms
 * @param lambdaEns weight of the ensemble's MSE
 * @param rampLength epochs L over which r rises to 1 (0: no ramp)
 */
public record DistillationConfig(double lambdaKd, double lambdaEns, int rampLength) {

    public static final double DEFAULT_LAMBDA_KD = 2.0;
    public static final double DEFAULT_LAMBDA_ENS = 1.0;

    public static DistillationConfig defaults() {
        return new DistillationConfig(DEFAULT_LAMBDA_KD, DEFAULT_LAMBDA_ENS, DistillationRamp.DEFAULT_LENGTH_EPOCHS);
    }

    public DistillationRamp ramp() {
        return new DistillationRamp(rampLength);
    }
}
