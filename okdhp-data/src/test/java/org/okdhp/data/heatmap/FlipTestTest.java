package org.okdhp.data.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;

class FlipTestTest {

    private static final int J = 16, H = 8, W = 10;

    @Test
    void flippedPeakIsMirroredSwappedAndShiftedRight() {
        float[] plain = new float[J * H * W];
        float[] flipped = new float[J * H * W];
        // r_ankle (0) of the flipped pass at column W-1-5 = 4, row 3.
        flipped[0 * H * W + 3 * W + (W - 1 - 5)] = 1;
        plain[5 * H * W + 3 * W + 6] = 1;
        float[] merged = FlipTest.merge(plain, flipped, 1, J, H, W, JointSet.MPII);
        // It becomes l_ankle (5) at column 5, shifted to 6: both passes agree there.
        assertEquals(1, merged[5 * H * W + 3 * W + 6], 1e-7);
        float total = 0;
        for (float v : merged) {
            total += v;
        }
        assertEquals(1, total, 1e-6);
    }

    @Test
    void columnZeroKeepsTheMirroredColumnZero() {
        float[] plain = new float[J * H * W];
        float[] flipped = new float[J * H * W];
        flipped[6 * H * W + 2 * W + (W - 1)] = 0.8f; // pelvis (unpaired), mirrored to column 0
        float[] merged = FlipTest.merge(plain, flipped, 1, J, H, W, JointSet.MPII);
        assertEquals(0.4f, merged[6 * H * W + 2 * W], 1e-7);
        assertEquals(0.4f, merged[6 * H * W + 2 * W + 1], 1e-7);
    }

    @Test
    void deviceVersionMatchesArrayVersion() {
        int n = 2;
        float[] plain = new float[n * J * H * W];
        float[] flipped = new float[n * J * H * W];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (float) random.nextDouble();
            flipped[i] = (float) random.nextDouble();
        }
        float[] expected = FlipTest.merge(plain, flipped, n, J, H, W, JointSet.MPII);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(n, J, H, W);
            NDArray merged = FlipTest.merge(manager.create(plain, shape), manager.create(flipped, shape), JointSet.MPII);
            assertEquals(shape, merged.getShape());
            assertArrayEquals(expected, merged.toFloatArray(), 1e-6f);
            NDArray input = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
            assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, FlipTest.flipInput(input).toFloatArray());
        }
    }
}
