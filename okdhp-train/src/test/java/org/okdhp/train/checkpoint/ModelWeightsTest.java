package org.okdhp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.train.tensor.HostTensor;

class ModelWeightsTest {

    private static Map<String, Parameter> model(NDManager manager, float offset) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        Parameter weight = Parameter.builder().setName("conv.weight").setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(new float[] {1 + offset, 2 + offset, 3 + offset, 4 + offset}, new Shape(2, 2));
        array.setRequiresGradient(true);
        weight.setArray(array);
        params.put("conv.weight", weight);
        Parameter runningMean = Parameter.builder().setName("bn.running_mean")
                .setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build();
        runningMean.setArray(manager.create(new float[] {offset, -offset}));
        params.put("bn.running_mean", runningMean);
        return params;
    }

    @Test
    void restoreWritesIntoTheSameArraysIncludingRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, HostTensor> saved = ModelWeights.capture(model(manager, 10f));
            Map<String, Parameter> fresh = model(manager, 0f);
            NDArray weightArray = fresh.get("conv.weight").getArray();
            ModelWeights.restore(saved, fresh);
            assertSame(weightArray, fresh.get("conv.weight").getArray());
            assertArrayEquals(new float[] {11f, 12f, 13f, 14f}, weightArray.toFloatArray());
            assertArrayEquals(new float[] {10f, -10f}, fresh.get("bn.running_mean").getArray().toFloatArray());
        }
    }

    @Test
    void mismatchedNamesOrShapesAreRefusedBeforeWriting() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> target = model(manager, 0f);
            Map<String, HostTensor> renamed = new LinkedHashMap<>(ModelWeights.capture(model(manager, 5f)));
            renamed.put("bn.running_avg", renamed.remove("bn.running_mean"));
            IllegalArgumentException names = assertThrows(IllegalArgumentException.class, () -> ModelWeights.restore(renamed, target));
            assertTrue(names.getMessage().contains("bn.running_mean") && names.getMessage().contains("bn.running_avg"));

            Map<String, HostTensor> reshaped = new LinkedHashMap<>(ModelWeights.capture(model(manager, 5f)));
            reshaped.put("conv.weight", new HostTensor(new long[] {4}, new float[] {9, 9, 9, 9}));
            assertThrows(IllegalArgumentException.class, () -> ModelWeights.restore(reshaped, target));
            assertArrayEquals(new float[] {0f, -0f}, target.get("bn.running_mean").getArray().toFloatArray());
        }
    }
}
