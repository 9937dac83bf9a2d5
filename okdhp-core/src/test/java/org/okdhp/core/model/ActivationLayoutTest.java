package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.core.ReferenceVectors;
import org.okdhp.core.TinyNetworks;

/**
 * Channels-last activations change strides only: the same values, and the same outputs, gradients
 * and statistics up to float32 summation order (a misplaced value would differ by order one).
 */
class ActivationLayoutTest {

    private static final Shape INPUT = new Shape(2, 3, 64, 64);
    private static final double INFERENCE_TOLERANCE = 1e-5;
    /** Training sums batch statistics in float32 when channels-last, and batch statistics amplify it. */
    private static final double TRAINING_TOLERANCE = 5e-2;

    @Test
    void arrangingKeepsShapeAndValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            assertSame(x, ActivationLayout.CHANNELS_FIRST.arrange(x, false));
            assertSame(x, ActivationLayout.AUTO.arrange(x, true), "training keeps channels-first by default");
            NDArray last = ActivationLayout.CHANNELS_LAST.arrange(x, true);
            assertEquals(x.getShape(), last.getShape());
            assertArrayEquals(x.toFloatArray(), last.toFloatArray());
            NDArray again = ActivationLayout.AUTO.arrange(last, false);
            assertArrayEquals(x.toFloatArray(), again.toFloatArray(), "arranging a channels-last array again");
            assertArrayEquals(x.mul(x).toFloatArray(), last.mul(last).toFloatArray(), "arithmetic on the view");
            assertThrows(IllegalArgumentException.class, () -> ActivationLayout.CHANNELS_LAST.arrange(m.ones(new Shape(3, 4)), false));
        }
    }

    @Test
    void autoIsChannelsLastOnlyForInferenceOnCpus() {
        assertEquals(ActivationLayout.CHANNELS_LAST, ActivationLayout.AUTO.on(Device.cpu(), false));
        assertEquals(ActivationLayout.CHANNELS_FIRST, ActivationLayout.AUTO.on(Device.cpu(), true));
        assertEquals(ActivationLayout.CHANNELS_FIRST, ActivationLayout.AUTO.on(Device.gpu(1), false));
        assertEquals(ActivationLayout.CHANNELS_FIRST, ActivationLayout.CHANNELS_FIRST.on(Device.cpu(), false));
        assertEquals(ActivationLayout.CHANNELS_LAST, ActivationLayout.CHANNELS_LAST.on(Device.gpu(), true));
    }

    @Test
    void parsesItsNames() {
        for (ActivationLayout layout : ActivationLayout.values()) {
            assertEquals(layout, ActivationLayout.parse(layout.toString()));
        }
        assertEquals(ActivationLayout.CHANNELS_LAST, ActivationLayout.parse(" Channels-Last "));
        var e = assertThrows(IllegalArgumentException.class, () -> ActivationLayout.parse("nhwc"));
        assertTrue(e.getMessage().contains("nhwc"), e.getMessage());
    }

    @Test
    void inferenceAgreesBetweenLayouts() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TinyNetworks.image(m, INPUT);
            OkdhpNetwork.Builder builder = tinyNetwork();
            OkdhpNetwork first = TinyNetworks.initialised(builder.layout(ActivationLayout.CHANNELS_FIRST), m, INPUT, 7);
            TinyNetworks.warmRunningStatistics(first, m, INPUT);
            OkdhpNetwork last = TinyNetworks.initialised(builder.layout(ActivationLayout.AUTO), m, INPUT, 7);
            TinyNetworks.warmRunningStatistics(last, m, INPUT);
            NDList a = first.forward(new ParameterStore(m, false), new NDList(x), false);
            NDList b = last.forward(new ParameterStore(m, false), new NDList(x), false);
            for (int i = 0; i < a.size(); i++) {
                assertClose(a.get(i), b.get(i), "output " + i, INFERENCE_TOLERANCE);
            }
        }
    }

    @Test
    void trainingStepAgreesBetweenLayouts() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TinyNetworks.image(m, INPUT);
            OkdhpNetwork.Builder net = tinyNetwork();
            Step first = step(net.layout(ActivationLayout.CHANNELS_FIRST), m, x);
            Step last = step(net.layout(ActivationLayout.CHANNELS_LAST), m, x);
            assertEquals(first.outputs.size(), last.outputs.size());
            for (int i = 0; i < first.outputs.size(); i++) {
                assertClose(first.outputs.get(i), last.outputs.get(i), "output " + i, TRAINING_TOLERANCE);
            }
            assertEquals(first.parameters.keySet(), last.parameters.keySet());
            // Gradients compared as one vector: a single early layer's gradient can be ill-conditioned
            // in training mode (float32 itself is 2% off float64 there), a misplaced value is not.
            NDList expected = new NDList();
            NDList actual = new NDList();
            first.parameters.forEach((name, parameter) -> {
                NDArray other = last.parameters.get(name).getArray();
                if (!parameter.requiresGradient()) {
                    assertClose(parameter.getArray(), other, "running statistic " + name, TRAINING_TOLERANCE);
                } else if (!name.endsWith("bias")) {
                    // Biases are left out: BN subtracts any per-channel constant, so a convolution bias
                    // ahead of a training-mode BN has a true gradient of ~0, only noise to compare.
                    expected.add(parameter.getArray().getGradient().flatten());
                    actual.add(other.getGradient().flatten());
                }
            });
            assertClose(NDArrays.concat(expected), NDArrays.concat(actual), "gradients", TRAINING_TOLERANCE);
        }
    }

    /** Two shared-trunk branches of depth-2 hourglasses: every block kind, in seconds. */
    private static OkdhpNetwork.Builder tinyNetwork() {
        return OkdhpNetwork.builder().features(16).joints(4).sharedStacks(1).branches(1, 2).hourglassDepth(2);
    }

    private record Step(List<NDArray> outputs, Map<String, Parameter> parameters) {}

    /** One training-mode forward and backward of a weighted sum of every output, from the same seed. */
    private static Step step(OkdhpNetwork.Builder builder, NDManager m, NDArray x) {
        OkdhpNetwork net = TinyNetworks.initialised(builder, m, INPUT, 7);
        List<NDArray> outputs = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), true);
            NDArray total = m.zeros(new Shape());
            for (int i = 0; i < out.size(); i++) {
                // A fixed, position-dependent weighting, so a value in the wrong place shows.
                NDArray weights = m.arange((float) out.get(i).size()).reshape(out.get(i).getShape()).sin();
                total = total.add(out.get(i).mul(weights).sum());
                outputs.add(out.get(i));
            }
            collector.backward(total);
        }
        return new Step(outputs, net.getParameters().toMap());
    }

    private static void assertClose(NDArray expected, NDArray actual, String what, double tolerance) {
        double error = ReferenceVectors.relativeError(actual, expected);
        assertTrue(error <= tolerance, what + ": relative error " + error);
    }
}
