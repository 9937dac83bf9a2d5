package org.okdhp.data.transform;

/**
 * The random augmentation of training crops (spec section 4; HRNet's JointsDataset).
 *
 * @param scaleFactor sf: box scale multiplied by clip(N(0,1) sf + 1, 1 - sf, 1 + sf)
 * @param rotationFactor rf, degrees: rotation clip(N(0,1) rf, -2 rf, 2 rf)
 * @param rotationProbability chance that a crop is rotated at all (else 0 degrees)
 * @param flipProbability chance of a horizontal flip, applied before the crop
 */
public record AugmentationConfig(
        double scaleFactor, double rotationFactor, double rotationProbability, double flipProbability) {

    /** HRNet and the OKDHP authors rotate 60% of the crops. */
    public static final double ROTATION_PROBABILITY = 0.6;
    public static final double FLIP_PROBABILITY = 0.5;

    public AugmentationConfig {
        if (scaleFactor < 0 || scaleFactor >= 1) {
            throw new IllegalArgumentException("scale factor must be in [0, 1), got " + scaleFactor);
        }
        if (rotationFactor < 0) {
            throw new IllegalArgumentException("rotation factor must be >= 0, got " + rotationFactor);
        }
        checkProbability("rotation probability", rotationProbability);
        checkProbability("flip probability", flipProbability);
    }

    /** MPII (spec section 4): sf 0.25, rf 30 degrees. */
    public static AugmentationConfig mpii() {
        return new AugmentationConfig(0.25, 30, ROTATION_PROBABILITY, FLIP_PROBABILITY);
    }

    /** COCO: sf 0.35, rf 40 degrees. */
    public static AugmentationConfig coco() {
        return new AugmentationConfig(0.35, 40, ROTATION_PROBABILITY, FLIP_PROBABILITY);
    }

    private static void checkProbability(String name, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }
}
