package org.okdhp.data.heatmap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.CropBox;

/**
 * Heatmaps back to image coordinates (spec section 5; HRNet's {@code get_final_preds}): per
 * joint the argmax cell (x = idx mod W, y = idx div W) with score = the maximum; when
 * 1 &lt; x &lt; W-1 and 1 &lt; y &lt; H-1 the position moves 0.25 cell toward the larger
 * neighbour on each axis (or, with {@link HeatmapDecoding#DARK}, by {@link DarkRefinement});
 * then the inverse crop of (center, scale, rotation 0) at heatmap size maps it into the image. A map whose maximum is not positive decodes to heatmap cell (0, 0),
 * as HRNet's {@code get_max_preds} masks it.
 */
public final class HeatmapDecoder {

    /** Sub-pixel step toward the larger neighbour, in heatmap cells. */
    private static final float QUARTER_CELL = 0.25f;

    private HeatmapDecoder() {
    }

    /**
     * @param heatmaps {@code [N][J][H][W]} flattened
     * @param boxes N crop boxes; their rotation is ignored (decoding uses rotation 0, as the spec)
     */
    public static List<DecodedPose> decode(float[] heatmaps, int count, int joints, int height, int width,
            List<CropBox> boxes) {
        return decode(heatmaps, count, joints, height, width, boxes, HeatmapDecoding.QUARTER_OFFSET);
    }

    /** The same, placing each peak between cells as {@code decoding} says. */
    public static List<DecodedPose> decode(float[] heatmaps, int count, int joints, int height, int width,
            List<CropBox> boxes, HeatmapDecoding decoding) {
        if (heatmaps.length != (long) count * joints * height * width) {
            throw new IllegalArgumentException("heatmap buffer has " + heatmaps.length + " values, expected "
                    + count + "x" + joints + "x" + height + "x" + width);
        }
        if (boxes.size() != count) {
            throw new IllegalArgumentException(count + " heatmaps but " + boxes.size() + " boxes");
        }
        List<DecodedPose> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            CropBox box = boxes.get(n);
            Affine back = AffineCrop.cropToImage(CropBox.of(box.centerX(), box.centerY(), box.scale()), width, height);
            float[][] coords = new float[joints][];
            float[] scores = new float[joints];
            for (int j = 0; j < joints; j++) {
                int offset = (n * joints + j) * height * width;
                float[] cell = peak(heatmaps, offset, height, width, decoding);
                scores[j] = cell[2];
                coords[j] = new float[] {(float) back.applyX(cell[0], cell[1]), (float) back.applyY(cell[0], cell[1])};
            }
            out.add(new DecodedPose(coords, scores));
        }
        return out;
    }

    /** As {@link #decode(float[], int, int, int, int, List)} for a {@code [N][J][H][W]} array. */
    public static List<DecodedPose> decode(float[][][][] heatmaps, List<CropBox> boxes) {
        int n = heatmaps.length;
        int j = n == 0 ? 0 : heatmaps[0].length;
        int h = j == 0 ? 0 : heatmaps[0][0].length;
        int w = h == 0 ? 0 : heatmaps[0][0][0].length;
        float[] flat = new float[n * j * h * w];
        int o = 0;
        for (float[][][] person : heatmaps) {
            for (float[][] map : person) {
                for (float[] row : map) {
                    System.arraycopy(row, 0, flat, o, w);
                    o += w;
                }
            }
        }
        return decode(flat, n, j, h, w, boxes);
    }

    /** As {@link #decode(float[], int, int, int, int, List)} for a {@code [N, J, H, W]} NDArray (copied to the host). */
    public static List<DecodedPose> decode(NDArray heatmaps, List<CropBox> boxes) {
        return decode(heatmaps, boxes, HeatmapDecoding.QUARTER_OFFSET);
    }

    /** The same, placing each peak between cells as {@code decoding} says. */
    public static List<DecodedPose> decode(NDArray heatmaps, List<CropBox> boxes, HeatmapDecoding decoding) {
        Shape shape = heatmaps.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("heatmaps must be [N, J, H, W], got " + shape);
        }
        return decode(heatmaps.toFloatArray(), (int) shape.get(0), (int) shape.get(1), (int) shape.get(2),
                (int) shape.get(3), boxes, decoding);
    }

    /** {x, y, max} of one map, x and y in heatmap cells with the quarter-cell refinement. */
    static float[] peak(float[] maps, int offset, int height, int width) {
        return peak(maps, offset, height, width, HeatmapDecoding.QUARTER_OFFSET);
    }

    /** {x, y, max} of one map, x and y in heatmap cells placed between cells as {@code decoding} says. */
    static float[] peak(float[] maps, int offset, int height, int width, HeatmapDecoding decoding) {
        int best = 0;
        float max = maps[offset];
        int size = height * width;
        for (int i = 1; i < size; i++) {
            if (maps[offset + i] > max) {
                max = maps[offset + i];
                best = i;
            }
        }
        if (!(max > 0)) {
            return new float[] {0, 0, max};
        }
        int x = best % width;
        int y = best / width;
        if (decoding == HeatmapDecoding.DARK) {
            double[] refined = DarkRefinement.refine(maps, offset, height, width, x, y);
            return new float[] {(float) refined[0], (float) refined[1], max};
        }
        float fx = x;
        float fy = y;
        if (x > 1 && x < width - 1 && y > 1 && y < height - 1) {
            int at = offset + best;
            fx += Math.signum(maps[at + 1] - maps[at - 1]) * QUARTER_CELL;
            fy += Math.signum(maps[at + width] - maps[at - width]) * QUARTER_CELL;
        }
        return new float[] {fx, fy, max};
    }
}
