package org.okdhp.train.config;

import java.util.List;
import java.util.Optional;
import org.okdhp.train.optim.AdamHyperparameters;
import org.okdhp.train.optim.GradientClipping;
import org.okdhp.train.optim.LinearWarmup;
import org.okdhp.train.optim.MultiStepLearningRate;

/**
 * Adam, its step schedule and the batch (method doc section 4).
 *
 * @param lr initial learning rate
 * @param betas Adam's (beta1, beta2)
 * @param eps Adam's epsilon
 * @param weightDecay coupled L2 weight decay
 * @param milestones 0-based epochs at which the rate is multiplied by {@code gamma}
 * @param gamma the factor applied at each milestone
 * @param epochs epochs to train
 * @param batchSize images per optimizer step, over all devices
 * @param gradClipNorm global gradient norm limit; 0 turns clipping off
 * @param warmupSteps optimizer steps of linear learning-rate warm-up at the start; 0 turns it off
 */
public record OptimConfig(
        double lr,
        List<Double> betas,
        double eps,
        double weightDecay,
        List<Integer> milestones,
        double gamma,
        int epochs,
        int batchSize,
        double gradClipNorm,
        int warmupSteps) {

    public static final int DEFAULT_EPOCHS = 150;
    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final double CLIPPING_OFF = 0.0;
    public static final int WARMUP_OFF = 0;

    public OptimConfig {
        betas = List.copyOf(betas);
        milestones = List.copyOf(milestones);
    }

    public static OptimConfig defaults() {
        return new OptimConfig(AdamHyperparameters.DEFAULT_LEARNING_RATE,
                List.of(AdamHyperparameters.DEFAULT_BETA1, AdamHyperparameters.DEFAULT_BETA2),
                AdamHyperparameters.DEFAULT_EPSILON, AdamHyperparameters.DEFAULT_WEIGHT_DECAY,
                MultiStepLearningRate.DEFAULT_MILESTONES, MultiStepLearningRate.DEFAULT_GAMMA,
                DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, CLIPPING_OFF, WARMUP_OFF);
    }

    public AdamHyperparameters adam() {
        return new AdamHyperparameters(lr, betas.get(0), betas.get(1), eps, weightDecay);
    }

    public MultiStepLearningRate schedule() {
        return new MultiStepLearningRate(lr, milestones, gamma);
    }

    public LinearWarmup warmup() {
        return new LinearWarmup(warmupSteps);
    }

    /** The clipper, or empty when clipping is off. */
    public Optional<GradientClipping> clipping() {
        return gradClipNorm == CLIPPING_OFF ? Optional.empty() : Optional.of(new GradientClipping(gradClipNorm));
    }
}
