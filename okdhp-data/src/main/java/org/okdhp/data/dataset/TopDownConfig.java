package org.okdhp.data.dataset;

import org.okdhp.data.heatmap.HeatmapEncoder;
import org.okdhp.data.transform.AugmentationConfig;
import org.okdhp.data.transform.Normalization;

/**
 * Sizes and settings of top-down pose samples.
 *
 * @param inputWidth network input width, px
 * @param inputHeight network input height, px
 * @param heatmapWidth target width, cells
 * @param heatmapHeight target height, cells
 * @param sigma Gaussian sigma, heatmap cells
 * @param augmentation train-mode augmentation
 * @param normalization input normalisation
 */
public record TopDownConfig(
        int inputWidth, int inputHeight, int heatmapWidth, int heatmapHeight, double sigma,
        AugmentationConfig augmentation, Normalization normalization) {

    /** The spec's sigma: 2 heatmap cells. */
    public static final double SIGMA = 2;
    /** Input px per heatmap cell in the stacked hourglass. */
    public static final int STRIDE = 4;

    /** MPII: 256x256 input, 64x64 heatmaps. */
    public static TopDownConfig mpii() {
        return square(256, AugmentationConfig.mpii());
    }

    /** COCO: 192 wide x 256 high input, 48x64 heatmaps. */
    public static TopDownConfig coco() {
        return new TopDownConfig(192, 256, 192 / STRIDE, 256 / STRIDE, SIGMA, AugmentationConfig.coco(),
                Normalization.imagenet());
    }

    /** A square input of {@code size} px with stride-4 heatmaps. */
    public static TopDownConfig square(int size, AugmentationConfig augmentation) {
        return new TopDownConfig(size, size, size / STRIDE, size / STRIDE, SIGMA, augmentation, Normalization.imagenet());
    }

    public TopDownConfig withNormalization(Normalization value) {
        return new TopDownConfig(inputWidth, inputHeight, heatmapWidth, heatmapHeight, sigma, augmentation, value);
    }

    public TopDownConfig withAugmentation(AugmentationConfig value) {
        return new TopDownConfig(inputWidth, inputHeight, heatmapWidth, heatmapHeight, sigma, value, normalization);
    }

    public HeatmapEncoder encoder() {
        return new HeatmapEncoder(inputWidth, inputHeight, heatmapWidth, heatmapHeight, sigma);
    }
}
