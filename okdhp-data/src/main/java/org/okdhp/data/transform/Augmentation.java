package org.okdhp.data.transform;

import java.util.random.RandomGenerator;

/**
 * The augmentation drawn for one training crop.
 *
 * @param scaleMultiplier factor on the box scale (1 = none)
 * @param rotationDegrees crop rotation, degrees
 * @param flip whether the image is mirrored before cropping
 */
public record Augmentation(double scaleMultiplier, double rotationDegrees, boolean flip) {

    /** Evaluation: the box as annotated. */
    public static final Augmentation NONE = new Augmentation(1, 0, false);

    /** Draws scale, rotation and flip in that order (HRNet's order), from {@code random}. */
    public static Augmentation sample(RandomGenerator random, AugmentationConfig config) {
        double sf = config.scaleFactor();
        double rf = config.rotationFactor();
        double scale = clip(random.nextGaussian() * sf + 1, 1 - sf, 1 + sf);
        double rotation = random.nextDouble() < config.rotationProbability()
                ? clip(random.nextGaussian() * rf, -2 * rf, 2 * rf)
                : 0;
        boolean flip = random.nextDouble() < config.flipProbability();
        return new Augmentation(scale, rotation, flip);
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
