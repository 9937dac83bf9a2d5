package org.okdhp.data.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.CropBox;

class DarkRefinementTest {

    private static final int HEIGHT = 64;
    private static final int WIDTH = 48;
    private static final double TARGET_SIGMA = 2;

    /** A Gaussian target of sigma 2 centred between cells, as a network ideally outputs it. */
    private static float[] gaussian(double cx, double cy) {
        float[] map = new float[HEIGHT * WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                map[y * WIDTH + x] = (float) Math.exp(-d2 / (2 * TARGET_SIGMA * TARGET_SIGMA));
            }
        }
        return map;
    }

    /**
     * On Gaussians centred anywhere between cells DARK finds the centre to a few hundredths of a
     * cell (the blur keeps a Gaussian a Gaussian, and a Gaussian's log is a quadratic); the
     * quarter-cell shift is off by up to a quarter cell.
     */
    @Test
    void findsTheCentreOfAGaussianBetweenCells() {
        Random random = new Random(7);
        double darkWorst = 0;
        double quarterSum = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            double cx = 8 + random.nextDouble() * (WIDTH - 16);
            double cy = 8 + random.nextDouble() * (HEIGHT - 16);
            float[] map = gaussian(cx, cy);
            float[] peak = HeatmapDecoder.peak(map, 0, HEIGHT, WIDTH);
            int x = (int) Math.round(cx);
            int y = (int) Math.round(cy);
            double[] dark = DarkRefinement.refine(map, 0, HEIGHT, WIDTH, x, y);
            darkWorst = Math.max(darkWorst, Math.hypot(dark[0] - cx, dark[1] - cy));
            quarterSum += Math.hypot(peak[0] - cx, peak[1] - cy);
        }
        assertTrue(darkWorst < 0.02, "DARK's worst error " + darkWorst + " cells");
        assertTrue(quarterSum / trials > 0.1, "the quarter-cell shift's mean error " + quarterSum / trials);
    }

    /** Through the decoder, to image px: DARK lands within 0.02 cell of the centres, the quarter shift does not. */
    @Test
    void theDecoderPlacesJointsByDarkWhenAsked() {
        CropBox box = CropBox.of(400, 300, 1.7);
        Affine cellToImage = AffineCrop.cropToImage(box, WIDTH, HEIGHT);
        double cellInImagePx = box.scale() * AffineCrop.PIXEL_STD / WIDTH;
        double[][] centres = {{20.37, 30.81}, {11.5, 40.25}, {30.9, 12.1}};
        float[] maps = new float[centres.length * HEIGHT * WIDTH];
        for (int j = 0; j < centres.length; j++) {
            System.arraycopy(gaussian(centres[j][0], centres[j][1]), 0, maps, j * HEIGHT * WIDTH, HEIGHT * WIDTH);
        }
        float[][] dark = HeatmapDecoder.decode(maps, 1, centres.length, HEIGHT, WIDTH, List.of(box),
                HeatmapDecoding.DARK).get(0).joints();
        float[][] quarter = HeatmapDecoder.decode(maps, 1, centres.length, HEIGHT, WIDTH, List.of(box),
                HeatmapDecoding.QUARTER_OFFSET).get(0).joints();
        double quarterWorst = 0;
        for (int j = 0; j < centres.length; j++) {
            double x = cellToImage.applyX(centres[j][0], centres[j][1]);
            double y = cellToImage.applyY(centres[j][0], centres[j][1]);
            assertEquals(x, dark[j][0], 0.02 * cellInImagePx, "x of joint " + j);
            assertEquals(y, dark[j][1], 0.02 * cellInImagePx, "y of joint " + j);
            quarterWorst = Math.max(quarterWorst, Math.hypot(quarter[j][0] - x, quarter[j][1] - y) / cellInImagePx);
        }
        assertTrue(quarterWorst > 0.1, "the quarter shift misses by " + quarterWorst + " cell");
        HeatmapCodec codec = HeatmapCodec.standard(new ImageSize(256, 192), new ImageSize(64, 48));
        assertEquals(HeatmapDecoding.DARK, codec.withDecoding(HeatmapDecoding.DARK).decoding());
    }

    @Test
    void aPeakNearTheBorderOrOnAFlatMapStaysOnItsCell() {
        float[] map = gaussian(1.3, 30.2);
        assertArrayEquals(new double[] {1, 30}, DarkRefinement.refine(map, 0, HEIGHT, WIDTH, 1, 30));
        float[] flat = new float[HEIGHT * WIDTH];
        assertArrayEquals(new double[] {20, 20}, DarkRefinement.refine(flat, 0, HEIGHT, WIDTH, 20, 20),
                "log of the floor everywhere: a zero Hessian");
    }

    @Test
    void theBlurReflectsAsOpenCvAndKeepsTheMaximum() {
        assertEquals(1, DarkRefinement.reflect101(-1, 5));
        assertEquals(2, DarkRefinement.reflect101(-2, 5));
        assertEquals(3, DarkRefinement.reflect101(5, 5));
        assertEquals(0, DarkRefinement.reflect101(8, 5));
        float[] map = gaussian(20.4, 30.7);
        double[][] log = DarkRefinement.logOfBlurred(map, 0, HEIGHT, WIDTH);
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : log) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        float originalMax = HeatmapDecoder.peak(map, 0, HEIGHT, WIDTH)[2];
        assertEquals(Math.log(originalMax), max, 1e-12, "rescaled to the original maximum before the log");
    }
}
