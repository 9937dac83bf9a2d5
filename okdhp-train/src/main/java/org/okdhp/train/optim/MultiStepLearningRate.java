package org.okdhp.train.optim;

import java.util.List;

/**
 * The learning rate of {@code torch.optim.lr_scheduler.MultiStepLR}: the base rate times
 * {@code gamma} to the number of milestones already reached. With the MPII recipe (base 2.5e-4,
 * milestones 90 and 120, gamma 0.1) epochs 0-89 use 2.5e-4, 90-119 use 2.5e-5, 120+ use 2.5e-6.
 *
 * @param baseRate the rate before the first milestone
 * @param milestones 0-based epochs, strictly increasing, at which the rate is multiplied by gamma
 * @param gamma the factor applied at each milestone
 */
public record MultiStepLearningRate(double baseRate, List<Integer> milestones, double gamma) {

    public static final List<Integer> DEFAULT_MILESTONES = List.of(90, 120);
    public static final double DEFAULT_GAMMA = 0.1;

    public MultiStepLearningRate {
        milestones = List.copyOf(milestones);
        if (!(baseRate > 0)) {
            throw new IllegalArgumentException("base learning rate must be > 0, got " + baseRate);
        }
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("gamma must be > 0, got " + gamma);
        }
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                throw new IllegalArgumentException("milestones must be positive and strictly increasing, got " + milestones);
            }
        }
    }

    /** The rate in force during the given 0-based epoch. */
    public double rateAt(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int reached = 0;
        while (reached < milestones.size() && milestones.get(reached) <= epoch) {
            reached++;
        }
        return baseRate * Math.pow(gamma, reached);
    }
}
