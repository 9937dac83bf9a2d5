package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    /** Gradients {3, -4} and {12}: global norm sqrt(9 + 16 + 144) = 13. */
    private static Map<String, Parameter> withGradients(NDManager manager) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("a", parameter(manager, "a", new float[] {1f, 1f}));
        params.put("b", parameter(manager, "b", new float[] {1f}));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray a = params.get("a").getArray();
            NDArray b = params.get("b").getArray();
            collector.backward(a.mul(manager.create(new float[] {3f, -4f})).sum().add(b.mul(12f).sum()));
        }
        return params;
    }

    private static Parameter parameter(NDManager manager, String name, float[] values) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        parameter.setArray(array);
        return parameter;
    }

    @Test
    void scalesAllGradientsByTheGlobalNormIncludingNegativeOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = withGradients(manager);
            double norm = new GradientClipping(6.5).clip(params);
            assertEquals(13.0, norm, 1e-5);
            double scale = 6.5 / (13.0 + 1e-6);
            assertArrayEquals(new float[] {(float) (3 * scale), (float) (-4 * scale)},
                    params.get("a").getArray().getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {(float) (12 * scale)}, params.get("b").getArray().getGradient().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void leavesGradientsBelowTheLimitUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = withGradients(manager);
            assertEquals(13.0, new GradientClipping(20).clip(params), 1e-5);
            assertArrayEquals(new float[] {3f, -4f}, params.get("a").getArray().getGradient().toFloatArray(), 0f);
            assertArrayEquals(new float[] {12f}, params.get("b").getArray().getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(0));
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(Double.NaN));
    }
}
