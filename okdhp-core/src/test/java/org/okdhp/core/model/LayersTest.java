package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayersTest {

    private static final int B = 2;
    private static final int C = 3;
    private static final int H = 4;
    private static final int W = 5;

    @ParameterizedTest
    @EnumSource(value = ActivationLayout.class, names = {"CHANNELS_FIRST", "CHANNELS_LAST"})
    void addUpsampledIsUpPlusEachLowPixelRepeatedOverATwoByTwoBlock(ActivationLayout layout) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] upValues = m.randomNormal(new Shape(B, C, 2 * H, 2 * W)).toFloatArray();
            float[] lowValues = m.randomNormal(new Shape(B, C, H, W)).toFloatArray();
            NDArray upLeaf = layout.arrange(m.create(upValues, new Shape(B, C, 2 * H, 2 * W)), true);
            NDArray low = layout.arrange(m.create(lowValues, new Shape(B, C, H, W)), true);
            upLeaf.setRequiresGradient(true);
            low.setRequiresGradient(true);
            float[] upstream = m.randomNormal(new Shape(B, C, 2 * H, 2 * W)).toFloatArray();
            NDArray sum;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // up as a layer's output (it may be summed in place), exactly upLeaf in upLeaf's layout
                NDArray up = upLeaf.neg().neg();
                sum = layout.addUpsampled2x(up, low);
                collector.backward(sum.mul(m.create(upstream, sum.getShape())).sum());
            }
            assertEquals(new Shape(B, C, 2 * H, 2 * W), sum.getShape());
            float[] expected = new float[upValues.length];
            float[] lowGradient = new float[lowValues.length];
            for (int i = 0; i < expected.length; i++) {
                int x = i % (2 * W);
                int y = i / (2 * W) % (2 * H);
                int plane = i / (4 * H * W);
                int source = (plane * H + y / 2) * W + x / 2;
                expected[i] = upValues[i] + lowValues[source];
                lowGradient[source] += upstream[i];
            }
            assertArrayEquals(expected, sum.toFloatArray(), "every sum is the same float addition");
            assertArrayEquals(upstream, upLeaf.getGradient().toFloatArray(), "up's gradient passes through");
            assertArrayEquals(lowGradient, low.getGradient().toFloatArray(), 1e-5f, "low's gradient sums its block");
        }
    }
}
