package org.okdhp.train.predict;

import org.okdhp.data.annotation.CenterScale;
import org.okdhp.data.transform.CropBox;

/**
 * Where the person is in the image, as a user states it: a bounding box, or the center and scale
 * of the datasets' convention. Either becomes the {@link CropBox} the model crops, which depends on
 * the model's input aspect ratio.
 */
public sealed interface PersonRegion {

    /** The crop for a model input of {@code aspectRatio} = width / height. */
    CropBox cropBox(double aspectRatio);

    /** The whole image as the person box: its full extent, -0.5 to size - 0.5 around the 0-based pixel centres. */
    static PersonRegion wholeImage(int width, int height) {
        return new Box(-0.5, -0.5, width, height);
    }

    /**
     * A person bounding box in image px (0-based). Cropped as COCO boxes are (HRNet's
     * {@code _box2cs}): widened or heightened to the model's aspect ratio, then padded by 1.25.
     */
    record Box(double x, double y, double width, double height) implements PersonRegion {

        public Box {
            if (!(width > 0 && height > 0)) {
                throw new IllegalArgumentException("a person box needs a positive width and height, got "
                        + width + " x " + height);
            }
        }

        @Override
        public CropBox cropBox(double aspectRatio) {
            CenterScale crop = CenterScale.fromBox(x, y, width, height, aspectRatio);
            return CropBox.of(crop.centerX(), crop.centerY(), crop.scale());
        }
    }

    /**
     * A crop given directly: center in image px (0-based, no MPII 1-based shift or 15 px offset
     * applied) and scale = crop width / 200 px, exactly as {@code PoseInstance} stores people.
     * Values from an MPII annotation file are 1-based and unpadded: pass them through
     * {@link CenterScale#fromMpii} first to crop as training did.
     */
    record Centered(double centerX, double centerY, double scale) implements PersonRegion {

        public Centered {
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale must be positive, got " + scale);
            }
        }

        @Override
        public CropBox cropBox(double aspectRatio) {
            return CropBox.of(centerX, centerY, scale);
        }
    }
}
