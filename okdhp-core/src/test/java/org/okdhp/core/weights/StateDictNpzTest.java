package org.okdhp.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.prune.BranchPruner;

class StateDictNpzTest {

    private static final Shape INPUT = new Shape(1, 3, 64, 64);
    private static final OkdhpNetwork.Builder ARCH =
            OkdhpNetwork.builder().features(8).joints(3).sharedStacks(1).branches(2, 1);

    @TempDir
    Path dir;

    @Test
    void exportThenImportReproducesTheNetwork() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork original = TinyNetworks.initialised(ARCH, m, INPUT, 11);
            TinyNetworks.warmRunningStatistics(original, m, new Shape(2, 3, 64, 64));
            Path file = dir.resolve("okdhp.npz");
            StateDictNpz.save(original.okdhpParameters(), file, 1);

            OkdhpNetwork copy = TinyNetworks.initialised(ARCH, m, INPUT, 12);
            StateDictNpz.load(copy.okdhpParameters(), file, false);
            NDArray x = TinyNetworks.image(m, INPUT);
            var a = original.run(new ParameterStore(m, false), x, false);
            var b = copy.run(new ParameterStore(m, false), x, false);
            assertArrayEquals(a.ensemble().toFloatArray(), b.ensemble().toFloatArray());
            for (int i = 0; i < a.heatmapCount(); i++) {
                assertArrayEquals(a.heatmap(i).toFloatArray(), b.heatmap(i).toFloatArray());
            }
        }
    }

    @Test
    void exportUsesTheAuthorsNamesWithBatchCounters() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(ARCH, m, INPUT, 11);
            Path file = dir.resolve("okdhp.npz");
            StateDictNpz.save(net.okdhpParameters(), file, 5);
            Map<String, NDArray> saved = StateDictNpz.read(file, m);
            for (String key : new String[] {"conv1.weight", "bn1.running_var", "layer1.0.downsample.0.bias",
                    "layer3.0.conv3.weight", "ind_s_0.0.hg.3.0.0.conv2.bias", "ind_s_0.0.hg.0.3.0.bn1.weight",
                    "ind_s_0.1.0.bn3.running_mean", "ind_s_0.2.0.weight", "ind_s_0.2.1.bias", "score_s_0.weight",
                    "_fc_s_0.weight", "_score_s_0.bias", "ind_b_0_s_1.2.0.weight", "_fc_b_0_s_0.weight",
                    "score_b_1_s_0.weight", "convs.2.1.running_var", "fc.weight", "fcs.1.bias"}) {
                assertTrue(saved.containsKey(key), "missing " + key);
            }
            assertTrue(!saved.containsKey("_fc_b_1_s_0.weight"), "a branch's last stack has no remap");
            NDArray counter = saved.get("bn1.num_batches_tracked");
            assertEquals(DataType.INT64, counter.getDataType());
            assertEquals(new Shape(), counter.getShape());
            assertEquals(5L, counter.getLong());
        }
    }

    @Test
    void prunedModelExportsUnderHourglassNetNames() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(ARCH, m, INPUT, 11);
            OkdhpNetwork pruned = BranchPruner.prune(net, 0, m);
            Path file = dir.resolve("hg.npz");
            StateDictNpz.save(pruned.deployedParameters(), file, 0);
            Map<String, NDArray> saved = StateDictNpz.read(file, m);
            for (String key : new String[] {"conv1.weight", "bn1.weight", "layer2.0.conv1.weight",
                    "hg.0.hg.3.0.0.conv1.weight", "hg.2.hg.0.3.0.bn3.running_var", "res.1.0.bn1.weight",
                    "fc.0.0.weight", "fc.2.1.running_mean", "score.2.bias", "fc_.0.weight", "fc_.1.bias",
                    "score_.1.weight", "fc.0.1.num_batches_tracked"}) {
                assertTrue(saved.containsKey(key), "missing " + key);
            }
            assertTrue(!saved.containsKey("fc_.2.weight") && !saved.containsKey("fcs.0.weight"));
            int arraysPerResidual = 3 * 4 + 3 * 2 + 3; // 3 BN (4 arrays + counter), 3 convs (weight, bias)
            assertEquals(3 * (13 + 1) * arraysPerResidual,
                    saved.keySet().stream().filter(k -> k.startsWith("hg.") || k.startsWith("res.")).count(),
                    "3 stacks of 13 hourglass residuals and 1 residual");
        }
    }

    @Test
    void misfitsAreListedByName() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(ARCH, m, INPUT, 11);
            Path file = dir.resolve("okdhp.npz");
            StateDictNpz.save(net.okdhpParameters(), file, 0);
            Map<String, NDArray> arrays = new HashMap<>(StateDictNpz.read(file, m));
            arrays.remove("fc.bias");
            arrays.put("extra.weight", m.zeros(new Shape(2)));
            arrays.put("conv1.weight", m.zeros(new Shape(4, 3, 7, 7)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateDictNpz.load(net.okdhpParameters(), arrays, false, "w.npz"));
            String message = e.getMessage();
            assertTrue(message.startsWith("w.npz"), message);
            assertTrue(message.contains("missing (1): fc.bias"), message);
            assertTrue(message.contains("unexpected (1): extra.weight"), message);
            assertTrue(message.contains("wrong shape (1): conv1.weight (4, 3, 7, 7) (network expects (2, 3, 7, 7))"), message);
        }
    }

    @Test
    void aFileThatIsNotNpzIsNamedInTheError() throws Exception {
        Path bogus = dir.resolve("bogus.npz");
        Files.writeString(bogus, "not a zip");
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(ARCH, m, INPUT, 11);
            Exception e = assertThrows(Exception.class, () -> StateDictNpz.load(net.okdhpParameters(), bogus, false));
            assertTrue(e.getMessage().contains("bogus.npz"), e.getMessage());
            Exception missing = assertThrows(Exception.class,
                    () -> StateDictNpz.load(net.okdhpParameters(), dir.resolve("absent.npz"), false));
            assertTrue(missing.getMessage().contains("absent.npz"), missing.getMessage());
        }
    }
}
