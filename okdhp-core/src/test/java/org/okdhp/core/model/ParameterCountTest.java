package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.fau.FeatureAggregationUnit;

/** Trainable parameter counts equal those of the released PyTorch code (F = 256, J = 16). */
class ParameterCountTest {

    private static long trainable(Block block, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            return block.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
        }
    }

    private static long count(OkdhpNetwork.Builder builder) {
        return trainable(builder.build(), new Shape(1, 3, 64, 64));
    }

    @Test
    void plainHourglassesMatchTheReference() {
        assertEquals(6_730_912, count(OkdhpNetwork.builder().sharedStacks(0).branches(2)));
        assertEquals(13_018_816, count(OkdhpNetwork.builder().sharedStacks(0).branches(4)));
        assertEquals(25_594_624, count(OkdhpNetwork.builder().sharedStacks(0).branches(8)));
    }

    @Test
    void okdhpNetworksMatchTheReference() {
        assertEquals(30_915_696, count(OkdhpNetwork.builder().sharedStacks(2).branches(2, 2, 2)));
        assertEquals(49_779_408, count(OkdhpNetwork.builder().sharedStacks(2).branches(2, 4, 6)));
    }

    @Test
    void releasedFauMatchesTheReference() {
        Block fau = FeatureAggregationUnit.of(256, 16, 3, FauVariant.RELEASED);
        assertEquals(5_461_360, trainable(fau, new Shape(1, 256, 16, 16)));
    }
}
