package org.okdhp.data.transform;

/**
 * A 2-D affine map as OpenCV's 2x3 matrix: x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12.
 * Pixel coordinates are 0-based with pixel centres on integers, as in cv2.warpAffine.
 */
public record Affine(double m00, double m01, double m02, double m10, double m11, double m12) {

    public static final Affine IDENTITY = new Affine(1, 0, 0, 0, 1, 0);

    /**
     * The affine map sending the three source points onto the three destination points (OpenCV's
     * {@code getAffineTransform}): two 3x3 linear systems, one per output row.
     *
     * @param src {{x0, y0}, {x1, y1}, {x2, y2}}
     * @param dst the images of the source points
     */
    public static Affine fromThreePoints(double[][] src, double[][] dst) {
        double x0 = src[0][0], y0 = src[0][1];
        double x1 = src[1][0], y1 = src[1][1];
        double x2 = src[2][0], y2 = src[2][1];
        double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("the three source points are collinear");
        }
        double[] row0 = solveRow(x0, y0, x1, y1, x2, y2, det, dst[0][0], dst[1][0], dst[2][0]);
        double[] row1 = solveRow(x0, y0, x1, y1, x2, y2, det, dst[0][1], dst[1][1], dst[2][1]);
        return new Affine(row0[0], row0[1], row0[2], row1[0], row1[1], row1[2]);
    }

    /** Cramer's rule for (a, b, c) with a x_i + b y_i + c = v_i, i = 0..2. */
    private static double[] solveRow(double x0, double y0, double x1, double y1, double x2, double y2,
            double det, double v0, double v1, double v2) {
        double a = (v0 * (y1 - y2) - y0 * (v1 - v2) + (v1 * y2 - v2 * y1)) / det;
        double b = (x0 * (v1 - v2) - v0 * (x1 - x2) + (x1 * v2 - x2 * v1)) / det;
        double c = (x0 * (y1 * v2 - y2 * v1) - y0 * (x1 * v2 - x2 * v1) + v0 * (x1 * y2 - x2 * y1)) / det;
        return new double[] {a, b, c};
    }

    /** The horizontal mirror of an image {@code width} px wide: x' = width - 1 - x. */
    public static Affine mirrorX(int width) {
        return new Affine(-1, 0, width - 1, 0, 1, 0);
    }

    public double applyX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    public double applyY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }

    /** Maps every point of a [J][2] array; returns a new array. */
    public float[][] apply(float[][] points) {
        float[][] out = new float[points.length][2];
        for (int i = 0; i < points.length; i++) {
            out[i][0] = (float) applyX(points[i][0], points[i][1]);
            out[i][1] = (float) applyY(points[i][0], points[i][1]);
        }
        return out;
    }

    /** This map applied after {@code first}: p -> this(first(p)). */
    public Affine after(Affine first) {
        return new Affine(
                m00 * first.m00 + m01 * first.m10, m00 * first.m01 + m01 * first.m11, m00 * first.m02 + m01 * first.m12 + m02,
                m10 * first.m00 + m11 * first.m10, m10 * first.m01 + m11 * first.m11, m10 * first.m02 + m11 * first.m12 + m12);
    }

    public Affine inverse() {
        double det = m00 * m11 - m01 * m10;
        if (Math.abs(det) < 1e-15) {
            throw new IllegalStateException("affine map is singular: " + this);
        }
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        return new Affine(i00, i01, -(i00 * m02 + i01 * m12), i10, i11, -(i10 * m02 + i11 * m12));
    }
}
