package org.okdhp.data.synthetic;

import org.okdhp.data.image.ImageSize;

/**
 * What {@link SyntheticPoseDataset} generates: one figure per image.
 *
 * @param count number of images (= people)
 * @param imageSize every image's size, px
 * @param seed everything is a function of this seed and the image index
 * @param occlusionProbability chance that an opaque object hides part of a figure
 * @param truncationProbability chance that a figure is placed partly outside the image
 */
public record SyntheticConfig(
        int count, ImageSize imageSize, long seed, double occlusionProbability, double truncationProbability) {

    /** Around the network input size, so the default crop barely rescales. */
    public static final int DEFAULT_IMAGE_SIZE = 256;
    public static final double DEFAULT_OCCLUSION_PROBABILITY = 0.35;
    public static final double DEFAULT_TRUNCATION_PROBABILITY = 0.15;
    /** Figures narrower than this cannot show distinct limbs. */
    private static final int MIN_IMAGE_SIZE = 64;

    public SyntheticConfig {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (imageSize.width() < MIN_IMAGE_SIZE || imageSize.height() < MIN_IMAGE_SIZE) {
            throw new IllegalArgumentException("images must be at least " + MIN_IMAGE_SIZE + " px, got " + imageSize);
        }
        if (occlusionProbability < 0 || occlusionProbability > 1 || truncationProbability < 0 || truncationProbability > 1) {
            throw new IllegalArgumentException("probabilities must be in [0, 1]");
        }
    }

    /** {@code count} 256x256 images with the default share of occluded and truncated figures. */
    public static SyntheticConfig of(int count, long seed) {
        return new SyntheticConfig(count, ImageSize.square(DEFAULT_IMAGE_SIZE), seed,
                DEFAULT_OCCLUSION_PROBABILITY, DEFAULT_TRUNCATION_PROBABILITY);
    }

    public SyntheticConfig withImageSize(ImageSize size) {
        return new SyntheticConfig(count, size, seed, occlusionProbability, truncationProbability);
    }
}
