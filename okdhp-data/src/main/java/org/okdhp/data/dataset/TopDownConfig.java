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
        return of(256, 256, AugmentationConfig.mpii());
    }

    /** COCO: 192 wide x 256 high input, 48x64 heatmaps. */
    public static TopDownConfig coco() {
        return of(192, 256, AugmentationConfig.coco());
    }

    /** An input of the given size (multiples of {@value #STRIDE}) with stride-4 heatmaps, sigma 2, ImageNet RGB normalisation. */
    public static TopDownConfig of(int inputWidth, int inputHeight, AugmentationConfig augmentation) {
        if (inputWidth % STRIDE != 0 || inputHeight % STRIDE != 0 || inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("input size must be positive multiples of " + STRIDE + ", got "
                    + inputWidth + "x" + inputHeight);
        }
        return new TopDownConfig(inputWidth, inputHeight, inputWidth / STRIDE, inputHeight / STRIDE, SIGMA,
                augmentation, Normalization.imagenet());
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
