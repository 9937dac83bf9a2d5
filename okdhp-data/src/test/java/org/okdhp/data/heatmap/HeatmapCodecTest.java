package org.okdhp.data.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.CropBox;

/** Encoder and decoder together: image joint -> crop -> target -> decoded image joint. */
class HeatmapCodecTest {

    private static final CropBox BOX = CropBox.of(400, 300, 1.7);
    /** {input w, input h, heatmap w, heatmap h}: MPII and COCO layouts. */
    private static final int[][] LAYOUTS = {{256, 256, 64, 64}, {192, 256, 48, 64}};

    private static float[][] roundTrip(float[][] imageJoints, int[] layout) {
        HeatmapEncoder encoder = new HeatmapEncoder(layout[0], layout[1], layout[2], layout[3], 2);
        float[] vis = new float[imageJoints.length];
        java.util.Arrays.fill(vis, 1);
        HeatmapTarget t = encoder.encode(AffineCrop.imageToCrop(BOX, layout[0], layout[1]).apply(imageJoints), vis);
        return HeatmapDecoder.decode(t.heatmaps(), 1, imageJoints.length, layout[3], layout[2], List.of(BOX))
                .get(0).joints();
    }

    @Test
    void jointsOnHeatmapCellsComeBackWithinAQuarterPixel() {
        for (int[] layout : LAYOUTS) {
            Affine cellToImage = AffineCrop.cropToImage(BOX, layout[2], layout[3]);
            int[][] cells = {{2, 2}, {10, 30}, {layout[2] / 2, layout[3] / 2}, {layout[2] - 3, layout[3] - 3},
                    {0, 5}, {layout[2] - 1, 0}};
            float[][] joints = new float[cells.length][];
            for (int i = 0; i < cells.length; i++) {
                joints[i] = new float[] {(float) cellToImage.applyX(cells[i][0], cells[i][1]),
                        (float) cellToImage.applyY(cells[i][0], cells[i][1])};
            }
            float[][] decoded = roundTrip(joints, layout);
            for (int i = 0; i < joints.length; i++) {
                assertEquals(joints[i][0], decoded[i][0], 0.25, "x of cell " + i + " layout " + layout[0]);
                assertEquals(joints[i][1], decoded[i][1], 0.25, "y of cell " + i + " layout " + layout[0]);
            }
        }
    }

    @Test
    void anyJointComesBackWithinHalfACell() {
        SplittableRandom random = new SplittableRandom(4);
        for (int[] layout : LAYOUTS) {
            Affine cropToImage = AffineCrop.cropToImage(BOX, layout[0], layout[1]);
            float[][] joints = new float[50][];
            for (int i = 0; i < joints.length; i++) {
                double x = random.nextDouble(0, layout[0] - 1);
                double y = random.nextDouble(0, layout[1] - 1);
                joints[i] = new float[] {(float) cropToImage.applyX(x, y), (float) cropToImage.applyY(x, y)};
            }
            float[][] decoded = roundTrip(joints, layout);
            double cellInImagePx = BOX.scale() * AffineCrop.PIXEL_STD / layout[2]; // box width / heatmap width
            for (int i = 0; i < joints.length; i++) {
                assertEquals(joints[i][0], decoded[i][0], 0.5 * cellInImagePx + 1e-3);
                assertEquals(joints[i][1], decoded[i][1], 0.5 * cellInImagePx + 1e-3);
            }
        }
    }

    @Test
    void peakMovesAQuarterCellTowardTheLargerNeighbour() {
        int w = 16, h = 12;
        float[] map = new float[w * h];
        map[10 * w + 5] = 1;
        map[10 * w + 6] = 0.6f;   // right > left
        map[9 * w + 5] = 0.5f;    // up > down
        assertArrayEquals(new float[] {5.25f, 9.75f, 1}, HeatmapDecoder.peak(map, 0, h, w));
        float[] border = new float[w * h];
        border[4 * w + 1] = 1;    // x = 1 is not > 1: no refinement
        border[4 * w + 2] = 0.5f;
        assertArrayEquals(new float[] {1, 4, 1}, HeatmapDecoder.peak(border, 0, h, w));
        float[] negative = new float[w * h];
        java.util.Arrays.fill(negative, -1);
        negative[3 * w + 7] = -0.5f;
        assertArrayEquals(new float[] {0, 0, -0.5f}, HeatmapDecoder.peak(negative, 0, h, w));
    }

    @Test
    void arrayAndNdArrayFormsDecodeAlike() {
        int n = 2, j = 3, h = 8, w = 6;
        float[][][][] maps = new float[n][j][h][w];
        float[] flat = new float[n * j * h * w];
        SplittableRandom random = new SplittableRandom(9);
        int o = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < j; b++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        maps[a][b][y][x] = flat[o++] = (float) random.nextDouble();
                    }
                }
            }
        }
        List<CropBox> boxes = List.of(CropBox.of(50, 60, 1), CropBox.of(200, 100, 0.5));
        List<DecodedPose> expected = HeatmapDecoder.decode(flat, n, j, h, w, boxes);
        List<List<DecodedPose>> others = new ArrayList<>();
        others.add(HeatmapDecoder.decode(maps, boxes));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(flat, new Shape(n, j, h, w));
            others.add(HeatmapDecoder.decode(array, boxes));
        }
        for (List<DecodedPose> other : others) {
            for (int a = 0; a < n; a++) {
                assertArrayEquals(expected.get(a).scores(), other.get(a).scores());
                for (int b = 0; b < j; b++) {
                    assertArrayEquals(expected.get(a).joints()[b], other.get(a).joints()[b]);
                }
            }
        }
        assertTrue(expected.get(0).scores()[0] > 0);
    }
}
