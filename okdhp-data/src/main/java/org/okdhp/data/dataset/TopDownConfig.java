package org.okdhp.data.dataset;

import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.AugmentationConfig;
import org.okdhp.data.transform.Normalization;

/**
 * How top-down pose samples are made.
 *
 * @param codec input and heatmap sizes and the targets' encoding
 * @param augmentation train-mode augmentation
 * @param normalization input normalisation
 */
public record TopDownConfig(HeatmapCodec codec, AugmentationConfig augmentation, Normalization normalization) {

    /** MPII: 256x256 input, 64x64 heatmaps. */
    public static TopDownConfig mpii() {
        return of(ImageSize.square(256), ImageSize.square(64), AugmentationConfig.mpii());
    }

    /** COCO: 256 high x 192 wide input, 64x48 heatmaps. */
    public static TopDownConfig coco() {
        return of(new ImageSize(256, 192), new ImageSize(64, 48), AugmentationConfig.coco());
    }

    /** The method's codec for these sizes (sigma 2) with ImageNet RGB normalisation. */
    public static TopDownConfig of(ImageSize input, ImageSize heatmap, AugmentationConfig augmentation) {
        return new TopDownConfig(HeatmapCodec.standard(input, heatmap), augmentation, Normalization.imagenet());
    }

    public ImageSize inputSize() {
        return codec.inputSize();
    }

    public ImageSize heatmapSize() {
        return codec.heatmapSize();
    }

    public TopDownConfig withNormalization(Normalization value) {
        return new TopDownConfig(codec, augmentation, value);
    }

    public TopDownConfig withAugmentation(AugmentationConfig value) {
        return new TopDownConfig(codec, value, normalization);
    }
}
