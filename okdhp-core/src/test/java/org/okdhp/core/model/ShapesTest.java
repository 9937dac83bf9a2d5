package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okdhp.core.TinyNetworks;

class ShapesTest {

    @ParameterizedTest(name = "S={2} branches={3} input {4}x{5}")
    @CsvSource({
        "16, 5, 0, 1,     64, 64",
        "16, 3, 1, 1-2,   128, 64",
        "8,  4, 2, 1-1-1, 64, 128",
        "8, 17, 0, 2-1,   64, 64",
        "8, 16, 1, 1-2-3, 64, 64",
    })
    void everyStackAndTheEnsembleHaveTheRightShape(int f, int j, int s, String branches, int h, int w) {
        List<Integer> stacks = java.util.Arrays.stream(branches.split("-")).map(Integer::valueOf).toList();
        Shape input = new Shape(2, 3, h, w);
        try (NDManager manager = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(
                    OkdhpNetwork.builder().features(f).joints(j).sharedStacks(s).branches(stacks), manager, input, 1);
            OkdhpOutput out = net.run(new ParameterStore(manager, false), TinyNetworks.image(manager, input), false);
            int total = s + stacks.stream().mapToInt(Integer::intValue).sum();
            assertEquals(total, out.heatmapCount());
            Shape heatmap = new Shape(2, j, h / 4, w / 4);
            for (int i = 0; i < total; i++) {
                assertEquals(heatmap, out.heatmap(i).getShape(), "stack " + i);
            }
            assertEquals(stacks.size() > 1, out.hasEnsemble());
            assertEquals(out.list().size(), net.getOutputShapes(new Shape[] {input}).length);
            if (out.hasEnsemble()) {
                assertEquals(heatmap, out.ensemble().getShape());
                assertEquals(new Shape(2, stacks.size(), j), out.attention().getShape());
                float[] sums = out.attention().sum(new int[] {1}).toFloatArray();
                for (float sum : sums) {
                    assertEquals(1f, sum, 1e-5f, "attention sums to 1 over branches");
                }
            }
        }
    }

    @Test
    void branchFinalsAreTheLastStackOfEachBranch() {
        OkdhpArchitecture a = OkdhpNetwork.builder().sharedStacks(2).branches(2, 4, 6).architecture();
        assertEquals(3, a.finalOutputOf(0));
        assertEquals(7, a.finalOutputOf(1));
        assertEquals(13, a.finalOutputOf(2));
        assertEquals(14, a.totalStacks());
        assertEquals(OkdhpArchitecture.hourglass(256, 16, 6), a.prunedTo(1));
    }

    @Test
    void singleBranchWithoutSharedStacksIsThePlainHourglass() {
        OkdhpArchitecture a = OkdhpNetwork.builder().sharedStacks(0).branches(4).architecture();
        assertEquals(OkdhpArchitecture.hourglass(256, 16, 4), a);
        assertFalse(new OkdhpOutput(a, new ai.djl.ndarray.NDList()).hasEnsemble());
    }

    @Test
    void impossibleArchitecturesAndInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OkdhpNetwork.builder().sharedStacks(-1).build());
        assertThrows(IllegalArgumentException.class, () -> OkdhpNetwork.builder().branches(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> OkdhpNetwork.builder().branches(2, 0).build());
        assertThrows(IllegalArgumentException.class, () -> OkdhpNetwork.builder().features(30).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(2).sharedStacks(0).branches(1).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 96, 64)));
            assertTrue(e.getMessage().contains("96x64"), e.getMessage());
        }
    }
}
