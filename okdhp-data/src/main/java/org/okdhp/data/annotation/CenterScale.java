package org.okdhp.data.annotation;

/**
 * Where a person's crop is taken from: its center in 0-based image px and its scale, the width of
 * the source box / {@value #PIXEL_STD} px (spec section 5, "Crop"). The box height is the width
 * divided by the model input's aspect ratio (width / height); for MPII's square inputs both are
 * {@code scale * 200}.
 */
public record CenterScale(double centerX, double centerY, double scale) {

    /** The reference box size of the MPII and COCO conventions: scale 1 = 200 px. */
    public static final double PIXEL_STD = 200.0;
    /** MPII's person scale is padded by a quarter before cropping. */
    public static final double MPII_SCALE_PADDING = 1.25;
    /** MPII centers sit at the torso; moving them down by 15 px per unit of scale centers the body. */
    public static final double MPII_CENTER_SHIFT_PX_PER_SCALE = 15.0;
    /** COCO boxes are padded by a quarter (HRNet's {@code _box2cs}). */
    public static final double COCO_BOX_PADDING = 1.25;
    /** MATLAB-derived MPII files count pixels from 1. */
    public static final double ONE_BASED_OFFSET = 1.0;

    /** The marker MPII uses for a center that is not known. */
    private static final double MPII_UNKNOWN_CENTER = -1.0;

    /**
     * MPII's adjustment (spec section 5): when the center is known (x != -1) move it down by
     * 15 * scale and pad the scale by 1.25; then shift the center from 1-based to 0-based px.
     *
     * @param centerX 1-based center x as stored in the file, px
     * @param centerY 1-based center y as stored in the file, px
     * @param scale the person's height / 200 px as stored in the file
     */
    public static CenterScale fromMpii(double centerX, double centerY, double scale) {
        double y = centerY;
        double s = scale;
        if (centerX != MPII_UNKNOWN_CENTER) {
            y += MPII_CENTER_SHIFT_PX_PER_SCALE * scale;
            s *= MPII_SCALE_PADDING;
        }
        return new CenterScale(centerX - ONE_BASED_OFFSET, y - ONE_BASED_OFFSET, s);
    }

    /**
     * HRNet's {@code _box2cs}: the center is the box center; the box is widened or heightened to
     * the model's aspect ratio, then padded by 1.25. HRNet keeps a (w, h) scale pair; here
     * {@code scale} is the padded, aspect-corrected <em>width</em> / 200 px, which is the only
     * component HRNet's affine uses (its height component is always width / aspect).
     *
     * @param x box left, 0-based px
     * @param y box top, 0-based px
     * @param width box width, px
     * @param height box height, px
     * @param aspectRatio model input width / height, e.g. 192 / 256
     */
    public static CenterScale fromBox(double x, double y, double width, double height, double aspectRatio) {
        double w = width;
        if (width < aspectRatio * height) {
            w = height * aspectRatio;
        }
        // When the box is relatively wider, its width already fixes the crop and h = w / aspect.
        return new CenterScale(x + width * 0.5, y + height * 0.5, w / PIXEL_STD * COCO_BOX_PADDING);
    }

    /** The height of the source box, px, for a model input of the given width / height. */
    public double boxHeightPx(double aspectRatio) {
        return scale * PIXEL_STD / aspectRatio;
    }
}
