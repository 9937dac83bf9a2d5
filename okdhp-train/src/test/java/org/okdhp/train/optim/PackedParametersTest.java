package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackedParametersTest {

    @Test
    void packingKeepsValuesShapesAndFlagsAndTheBufferBacksEveryParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            PackedParameters packed = PackedParameters.pack(params);

            assertEquals(List.of("a", "b"), packed.names(), "trainable ones only, in map order");
            assertEquals(new Shape(2, 2), params.get("a").getArray().getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4}, params.get("a").getArray().toFloatArray());
            assertArrayEquals(new float[] {5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7, 4},
                    params.get("b").getArray().toFloatArray());
            assertTrue(params.get("a").getArray().hasGradient());
            assertArrayEquals(new float[] {9, 9}, params.get("frozen").getArray().toFloatArray());

            packed.values().subi(1f);
            assertArrayEquals(new float[] {0, 1, 2, 3}, params.get("a").getArray().toFloatArray(),
                    "a write to the buffer is a write to the parameters");
            assertTrue(packed.packs(params));
            packed.requirePacked();
        }
    }

    @Test
    void gradientsOfABackwardPassBeforePackingAreCarriedOverOnce() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(params.get("a").getArray().mul(2f).sum().add(params.get("b").getArray().sum()));
            }
            PackedParameters packed = PackedParameters.pack(params);
            float[] expected = new float[24];
            java.util.Arrays.fill(expected, 0, 4, 2f);
            java.util.Arrays.fill(expected, 4, 24, 1f);
            assertArrayEquals(expected, packed.gradients().toFloatArray());
            packed.zeroGradients();
            assertArrayEquals(new float[24], packed.gradients().toFloatArray(), "zeroed, and not carried again");
        }
    }

    @Test
    void theGradientBufferIsWhereBackwardAccumulatesAndOneCallZeroesEveryGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            PackedParameters packed = PackedParameters.pack(params);
            NDArray a = params.get("a").getArray();
            NDArray b = params.get("b").getArray();
            for (int pass = 0; pass < 2; pass++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(a.mul(2f).sum().add(b.square().sum()));
                }
            }
            float[] expected = new float[24];
            java.util.Arrays.fill(expected, 0, 4, 4f);
            float[] bValues = b.toFloatArray();
            for (int i = 0; i < 20; i++) {
                expected[4 + i] = 4 * bValues[i];
            }
            assertArrayEquals(expected, packed.gradients().toFloatArray(), "two passes accumulated in the buffer");
            assertArrayEquals(new float[] {4, 4, 4, 4}, a.getGradient().toFloatArray(), "the parameter sees its slice");
            NDList buckets = packed.gradientBuckets();
            assertEquals(packed.buckets().size(), buckets.size());
            assertArrayEquals(expected, buckets.get(0).toFloatArray());

            packed.gradients().set(new ai.djl.ndarray.index.NDIndex("0:2"), Float.NaN);
            packed.zeroGradients();
            assertArrayEquals(new float[4], a.getGradient().toFloatArray(), "NaN zeroed too");
            assertArrayEquals(new float[20], b.getGradient().toFloatArray());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(a.sum());
            }
            assertArrayEquals(new float[] {1, 1, 1, 1}, java.util.Arrays.copyOf(packed.gradients().toFloatArray(), 4),
                    "still accumulating into the buffer after zeroing");
        }
    }

    @Test
    void replacingAParameterArrayIsDetected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            PackedParameters packed = PackedParameters.pack(params);
            params.get("a").close();
            params.get("a").setInitializer((m, shape, type) -> m.zeros(shape));
            params.get("a").initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            assertThrows(IllegalStateException.class, packed::requirePacked);
            Map<String, Parameter> other = new LinkedHashMap<>(params);
            other.remove("b");
            assertFalse(packed.packs(other));
        }
    }

    @Test
    void bucketsTileTheBufferAndHoldAtMostTheLimitUnlessOneParameterIsLarger() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            long[] sizes = {10, PackedParameters.BUCKET_FLOATS - 5, 3, 2 * PackedParameters.BUCKET_FLOATS, 7};
            for (int i = 0; i < sizes.length; i++) {
                params.put("p" + i, parameter(manager, "p" + i, manager.zeros(new Shape(sizes[i]))));
            }
            PackedParameters packed = PackedParameters.pack(params);
            long next = 0;
            for (PackedParameters.Bucket bucket : packed.buckets()) {
                assertEquals(next, bucket.start());
                assertTrue(bucket.size() <= PackedParameters.BUCKET_FLOATS || bucket.end() - bucket.first() == 1, bucket.toString());
                next += bucket.size();
            }
            assertEquals(packed.totalSize(), next);
            assertEquals(4, packed.buckets().size(), packed.buckets().toString());
        }
    }

    /** a [2, 2] and b [20] trainable, frozen [2] not. */
    private static Map<String, Parameter> params(NDManager manager) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("a", parameter(manager, "a", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))));
        params.put("b", parameter(manager, "b", manager.create(new float[] {5, 6, 7, 4}).tile(5)));
        Parameter frozen = Parameter.builder().setName("frozen").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build();
        frozen.setArray(manager.create(new float[] {9, 9}));
        params.put("frozen", frozen);
        return params;
    }

    private static Parameter parameter(NDManager manager, String name, NDArray values) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        values.setRequiresGradient(true);
        parameter.setArray(values);
        return parameter;
    }
}
