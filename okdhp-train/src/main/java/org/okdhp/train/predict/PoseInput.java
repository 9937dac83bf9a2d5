package org.okdhp.train.predict;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.okdhp.data.image.RgbImage;

/**
 * What {@link PoseTranslator} takes: an image and where the person is in it.
 *
 * @param image the photo
 * @param region the person; {@link #of(RgbImage)} takes the whole image
 */
public record PoseInput(RgbImage image, PersonRegion region) {

    public PoseInput {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(region, "region");
    }

    /** The whole image is the person box. */
    public static PoseInput of(RgbImage image) {
        return new PoseInput(image, PersonRegion.wholeImage(image.width(), image.height()));
    }

    public static PoseInput of(BufferedImage image) {
        return of(RgbImage.of(image));
    }

    public static PoseInput of(BufferedImage image, PersonRegion region) {
        return new PoseInput(RgbImage.of(image), region);
    }
}
