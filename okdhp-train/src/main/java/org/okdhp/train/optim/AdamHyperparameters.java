package org.okdhp.train.optim;

/**
 * Adam's hyperparameters, named as in {@code torch.optim.Adam}; defaults are the OKDHP authors'
 * MPII recipe (method doc section 4).
 *
 * @param learningRate initial step size (the schedule changes the optimizer's current value)
 * @param beta1 decay of the first-moment average
 * @param beta2 decay of the second-moment average
 * @param epsilon added to the bias-corrected root of the second moment
 * @param weightDecay L2 penalty added to the gradient as {@code g + weightDecay * param} (torch's
 *     coupled decay, not AdamW)
 */
public record AdamHyperparameters(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public static final double DEFAULT_LEARNING_RATE = 2.5e-4;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;

    public AdamHyperparameters {
        requireInRange("learningRate", learningRate, learningRate > 0, "> 0");
        requireInRange("beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
        requireInRange("beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
        requireInRange("epsilon", epsilon, epsilon > 0, "> 0");
        requireInRange("weightDecay", weightDecay, weightDecay >= 0, ">= 0");
    }

    public static AdamHyperparameters defaults() {
        return new AdamHyperparameters(
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, DEFAULT_WEIGHT_DECAY);
    }

    private static void requireInRange(String name, double value, boolean valid, String range) {
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!valid) {
            throw new IllegalArgumentException("Adam " + name + " must be " + range + ", got " + value);
        }
    }
}
