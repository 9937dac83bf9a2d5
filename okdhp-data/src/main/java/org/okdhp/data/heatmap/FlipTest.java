package org.okdhp.data.heatmap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.okdhp.data.annotation.JointSet;

/**
 * Flip-test averaging (spec section 5; HRNet's {@code flip_back} + SHIFT_HEATMAP): the heatmaps
 * of the horizontally flipped input are mirrored back, their left/right channels swapped,
 * shifted right by one cell (column 0 keeps its value, as HRNet's in-place copy leaves it), and
 * averaged with the plain heatmaps. The one-cell shift compensates the half-pixel offset between
 * mirrored input pixels and mirrored heatmap cells at stride 4.
 */
public final class FlipTest {

    private FlipTest() {
    }

    /** The network input of the flipped pass: {@code [N, C, H, W]} mirrored along W. */
    public static NDArray flipInput(NDArray input) {
        return input.flip(3);
    }

    /**
     * @param plain {@code [N][J][H][W]} heatmaps of the input, flattened
     * @param flipped the same for the flipped input
     * @return the averaged heatmaps, a new array
     */
    public static float[] merge(float[] plain, float[] flipped, int count, int joints, int height, int width,
            JointSet jointSet) {
        if (plain.length != flipped.length || plain.length != count * joints * height * width) {
            throw new IllegalArgumentException("heatmap buffers do not match " + count + "x" + joints + "x"
                    + height + "x" + width);
        }
        int[] perm = jointSet.flipPermutation();
        float[] out = new float[plain.length];
        int plane = height * width;
        for (int n = 0; n < count; n++) {
            for (int j = 0; j < joints; j++) {
                int dst = (n * joints + j) * plane;
                int src = (n * joints + perm[j]) * plane;
                for (int y = 0; y < height; y++) {
                    int row = y * width;
                    for (int x = 0; x < width; x++) {
                        // Mirrored back: column x of the result is column W-1-x of the flipped
                        // map; shifted right by one: column x takes mirrored column x-1.
                        int shiftedX = Math.max(x - 1, 0);
                        float back = flipped[src + row + (width - 1 - shiftedX)];
                        out[dst + row + x] = (plain[dst + row + x] + back) * 0.5f;
                    }
                }
            }
        }
        return out;
    }

    /**
     * As {@link #merge(float[], float[], int, int, int, int, JointSet)} on the device, for
     * {@code [N, J, H, W]}. Intermediates are attached to {@code flipped}'s manager: call it inside
     * the step's sub-manager or {@code NDScope}.
     */
    public static NDArray merge(NDArray plain, NDArray flipped, JointSet jointSet) {
        int[] perm = jointSet.flipPermutation();
        NDArray mirrored = flipped.flip(3);
        NDList channels = new NDList(perm.length);
        for (int j : perm) {
            channels.add(mirrored.get(":, {}:{}", j, j + 1));
        }
        NDArray swapped = NDArrays.concat(channels, 1);
        long width = plain.getShape().get(3);
        NDArray shifted = NDArrays.concat(
                new NDList(swapped.get(":, :, :, 0:1"), swapped.get(":, :, :, 0:{}", width - 1)), 3);
        return plain.add(shifted).muli(0.5f);
    }
}
