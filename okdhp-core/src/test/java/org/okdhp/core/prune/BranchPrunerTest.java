package org.okdhp.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;

class BranchPrunerTest {

    private static final Shape INPUT = new Shape(2, 3, 64, 128);

    @Test
    void prunedNetworkReproducesEachBranchBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(
                    OkdhpNetwork.builder().features(8).joints(4).sharedStacks(1).branches(1, 2, 3), m, INPUT, 3);
            TinyNetworks.warmRunningStatistics(net, m, INPUT);
            NDArray x = TinyNetworks.image(m, INPUT);
            OkdhpOutput out = net.run(new ParameterStore(m, false), x, false);
            for (int b = 0; b < 3; b++) {
                OkdhpNetwork pruned = BranchPruner.prune(net, b, m);
                assertEquals(OkdhpArchitecture.hourglass(8, 4, 1 + b + 1),
                        pruned.architecture());
                NDList single = pruned.forward(new ParameterStore(m, false), new NDList(x), false);
                assertEquals(1 + b + 1, single.size(), "a plain hourglass outputs one heatmap per stack");
                assertArrayEquals(out.branchFinal(b).toFloatArray(), single.get(single.size() - 1).toFloatArray(),
                        "branch " + b);
            }
        }
    }

    @Test
    void unknownBranchIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(
                    OkdhpNetwork.builder().features(8).joints(2).sharedStacks(0).branches(1, 1), m, INPUT, 3);
            assertThrows(IllegalArgumentException.class, () -> BranchPruner.prune(net, 2, m));
        }
    }
}
