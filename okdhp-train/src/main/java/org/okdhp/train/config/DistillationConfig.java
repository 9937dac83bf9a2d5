package org.okdhp.train.config;

import org.okdhp.core.loss.DistillationRamp;
import org.okdhp.core.loss.OkdhpLoss;

/**
 * Loss weights (method doc section 3): total = sum MSE + lambdaEns * MSE(ensemble)
 * + lambdaKd * r(epoch) * sum KL.
 *
 * @param lambdaKd weight of the KL distillation terms
 * @param lambdaEns weight of the ensemble's MSE
 * @param rampLength epochs L over which r rises to 1 (0: no ramp)
 */
public record DistillationConfig(double lambdaKd, double lambdaEns, int rampLength) {

    public static DistillationConfig defaults() {
        return new DistillationConfig(
                OkdhpLoss.DEFAULT_LAMBDA_KD, OkdhpLoss.DEFAULT_LAMBDA_ENS, DistillationRamp.DEFAULT_LENGTH);
    }

    /** The objective these weights describe. */
    public OkdhpLoss loss() {
        return new OkdhpLoss(lambdaKd, lambdaEns, new DistillationRamp(rampLength));
    }
}
