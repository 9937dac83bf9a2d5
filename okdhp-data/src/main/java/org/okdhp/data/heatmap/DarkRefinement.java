package org.okdhp.data.heatmap;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * DARK's sub-pixel position of a heatmap's peak (Zhang et al., CVPR 2020, as widely implemented;
 * method doc section 10), instead of the quarter-cell shift: the map is padded with
 * {@value #PADDING} zero cells on every side, blurred with an {@value #KERNEL} x {@value #KERNEL}
 * Gaussian of sigma {@value #SIGMA} (what OpenCV's {@code GaussianBlur(h, (11, 11), 0)} derives
 * from the kernel size, reflecting at the padded border as OpenCV's default does), cropped back and
 * rescaled to the original maximum; then, on L = log(max(h, 1e-10)), one Newton step from the
 * integer argmax: position - Hessian^-1 * gradient, by central differences.
 *
 * <p>Why it works: a Gaussian target stays a Gaussian under the blur, and the log of a Gaussian is
 * a quadratic, whose maximum one Newton step finds exactly; the blur smooths the network's
 * multi-peaked output toward that shape.
 */
public final class DarkRefinement {

    static final int PADDING = 5;
    static final int KERNEL = 11;
    static final double SIGMA = 2.0;
    /** Keeps log finite where the map is zero or negative. */
    private static final double FLOOR = 1e-10;
    private static final double[] GAUSSIAN = gaussian();

    private DarkRefinement() {}

    /**
     * The refined position {x, y} in heatmap cells of the peak at integer cell ({@code x}, {@code y})
     * of the map at {@code offset} in {@code maps}; the cell itself when it is within 2 cells of
     * the border or the log-map's Hessian there is singular.
     */
    public static double[] refine(float[] maps, int offset, int height, int width, int x, int y) {
        if (!(x > 1 && x < width - 2 && y > 1 && y < height - 2)) {
            return new double[] {x, y};
        }
        double[][] log = logOfBlurred(maps, offset, height, width);
        double dx = 0.5 * (log[y][x + 1] - log[y][x - 1]);
        double dy = 0.5 * (log[y + 1][x] - log[y - 1][x]);
        double dxx = 0.25 * (log[y][x + 2] - 2 * log[y][x] + log[y][x - 2]);
        double dyy = 0.25 * (log[y + 2][x] - 2 * log[y][x] + log[y - 2][x]);
        double dxy = 0.25 * (log[y + 1][x + 1] - log[y - 1][x + 1] - log[y + 1][x - 1] + log[y - 1][x - 1]);
        if (dxx * dyy - dxy * dxy == 0) {
            return new double[] {x, y};
        }
        LUDecomposition hessian = new LUDecomposition(new Array2DRowRealMatrix(new double[][] {{dxx, dxy}, {dxy, dyy}}));
        RealVector step = hessian.getSolver().solve(new ArrayRealVector(new double[] {dx, dy}));
        return new double[] {x - step.getEntry(0), y - step.getEntry(1)};
    }

    /** log(max(blurred, 1e-10)) of one map, the blur rescaled to the map's maximum; [height][width]. */
    static double[][] logOfBlurred(float[] maps, int offset, int height, int width) {
        int paddedHeight = height + 2 * PADDING;
        int paddedWidth = width + 2 * PADDING;
        double[][] padded = new double[paddedHeight][paddedWidth];
        double originalMax = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double v = maps[offset + r * width + c];
                padded[r + PADDING][c + PADDING] = v;
                originalMax = Math.max(originalMax, v);
            }
        }
        double[][] blurred = blurColumns(blurRows(padded));
        double blurredMax = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                blurredMax = Math.max(blurredMax, blurred[r + PADDING][c + PADDING]);
            }
        }
        double scale = blurredMax > 0 ? originalMax / blurredMax : 1; // an empty map stays at the floor
        double[][] log = new double[height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                log[r][c] = Math.log(Math.max(blurred[r + PADDING][c + PADDING] * scale, FLOOR));
            }
        }
        return log;
    }

    private static double[][] blurRows(double[][] image) {
        double[][] out = new double[image.length][];
        for (int r = 0; r < image.length; r++) {
            out[r] = new double[image[r].length];
            for (int c = 0; c < image[r].length; c++) {
                double sum = 0;
                for (int k = 0; k < KERNEL; k++) {
                    sum += GAUSSIAN[k] * image[r][reflect101(c + k - KERNEL / 2, image[r].length)];
                }
                out[r][c] = sum;
            }
        }
        return out;
    }

    private static double[][] blurColumns(double[][] image) {
        int height = image.length;
        double[][] out = new double[height][image[0].length];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < image[0].length; c++) {
                double sum = 0;
                for (int k = 0; k < KERNEL; k++) {
                    sum += GAUSSIAN[k] * image[reflect101(r + k - KERNEL / 2, height)][c];
                }
                out[r][c] = sum;
            }
        }
        return out;
    }

    /** OpenCV's BORDER_REFLECT_101: ... 2 1 | 0 1 2 ... n-1 | n-2 n-3 ... */
    static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int folded = Math.floorMod(i, period);
        return folded < n ? folded : period - folded;
    }

    /** The normalised 1-d kernel: exp(-(i - 5)^2 / (2 sigma^2)) for i in 0..10, summing to 1. */
    private static double[] gaussian() {
        double[] kernel = new double[KERNEL];
        double sum = 0;
        for (int i = 0; i < KERNEL; i++) {
            double d = i - KERNEL / 2;
            kernel[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += kernel[i];
        }
        for (int i = 0; i < KERNEL; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }
}
