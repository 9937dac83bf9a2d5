package org.okdhp.data.transform;

/**
 * A person box as the top-down pipeline sees it: center in image px (0-based), {@code scale} =
 * box width / {@value AffineCrop#PIXEL_STD} px (the height follows from the output aspect), and the
 * rotation of the crop in degrees.
 */
public record CropBox(double centerX, double centerY, double scale, double rotationDegrees) {

    /** An unrotated box, the form decoding maps heatmaps back through. */
    public static CropBox of(double centerX, double centerY, double scale) {
        return new CropBox(centerX, centerY, scale, 0);
    }
}
