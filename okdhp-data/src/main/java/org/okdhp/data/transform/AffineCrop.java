package org.okdhp.data.transform;

/**
 * The crop geometry of the top-down pipeline (spec section 5, HRNet's
 * {@code get_affine_transform}): three point pairs fix the map from image to crop. In the image:
 * the box center, the center plus the rotated half-height vector R(r) (0, -w/2), and a third
 * point at a right angle to those two; in the crop: the same around (out_w/2, out_h/2).
 *
 * <p>Box size: {@code scale} is the box width / 200 px ({@code PoseInstance}'s contract, spec
 * section 5: "source box width = scale * 200"), and the box takes the output's aspect, so its
 * height is w * out_h / out_w. For a square output that is HRNet's scalar-scale box; for 192x256
 * it is HRNet's COCO box, whose aspect-corrected scale = [w, h] / 200 enters only through w.
 */
public final class AffineCrop {

    /** HRNet's "pixel_std": scale 1 means a 200 px box. */
    public static final double PIXEL_STD = 200.0;

    private AffineCrop() {
    }

    /**
     * The map from image px to output px.
     *
     * @param box center px, scale (box width / 200 px), rotation degrees
     * @param outWidth output width, px
     * @param outHeight output height, px
     */
    public static Affine imageToCrop(CropBox box, int outWidth, int outHeight) {
        double[][][] points = pointPairs(box, outWidth, outHeight);
        return Affine.fromThreePoints(points[0], points[1]);
    }

    /** The map from output px back to image px (HRNet's {@code inv=1}: the point pairs swapped). */
    public static Affine cropToImage(CropBox box, int outWidth, int outHeight) {
        double[][][] points = pointPairs(box, outWidth, outHeight);
        return Affine.fromThreePoints(points[1], points[0]);
    }

    /** {source points, destination points}, each three {x, y}. */
    private static double[][][] pointPairs(CropBox box, int outWidth, int outHeight) {
        if (box.scale() <= 0) {
            throw new IllegalArgumentException("box scale must be positive, got " + box.scale());
        }
        double srcWidth = box.scale() * PIXEL_STD;
        double rad = Math.toRadians(box.rotationDegrees());
        double sin = Math.sin(rad);
        double cos = Math.cos(rad);
        // HRNet's get_dir: the vector (0, -w/2) rotated by r.
        double dirX = -(-srcWidth / 2) * sin;
        double dirY = (-srcWidth / 2) * cos;

        double[][] src = new double[3][];
        src[0] = new double[] {box.centerX(), box.centerY()};
        src[1] = new double[] {box.centerX() + dirX, box.centerY() + dirY};
        src[2] = thirdPoint(src[0], src[1]);

        double[][] dst = new double[3][];
        dst[0] = new double[] {outWidth * 0.5, outHeight * 0.5};
        dst[1] = new double[] {outWidth * 0.5, outHeight * 0.5 - outWidth * 0.5};
        dst[2] = thirdPoint(dst[0], dst[1]);
        return new double[][][] {src, dst};
    }

    /** HRNet's get_3rd_point: b + (a - b) turned by 90 degrees. */
    private static double[] thirdPoint(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return new double[] {b[0] - dy, b[1] + dx};
    }
}
