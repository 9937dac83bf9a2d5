package org.okdhp.train.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data parallelism over several CPU "devices", each replica with its own manager. */
class DataParallelTest {

    /** Four samples of two features; small integers so that every mean below is exact in float32. */
    private static final float[] INPUTS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int REPLICAS = 3;

    private NDManager root;
    private List<NDManager> managers;

    @BeforeEach
    void createReplicaManagers() {
        root = NDManager.newBaseManager(Device.cpu());
        managers = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            managers.add(root.newSubManager(Device.cpu()));
        }
    }

    @AfterEach
    void closeAll() {
        root.close();
    }

    @Test
    void shardSizesAreNearEqualLargestFirst() {
        assertArrayEquals(new int[] {4, 3, 3}, BatchSplitter.shardSizes(10, 3));
        assertArrayEquals(new int[] {2, 1, 1}, BatchSplitter.shardSizes(4, 3));
        assertArrayEquals(new int[] {8, 8}, BatchSplitter.shardSizes(16, 2));
        assertArrayEquals(new int[] {16}, BatchSplitter.shardSizes(16, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchSplitter.shardSizes(2, 3));
    }

    @Test
    void splitGivesEachReplicaItsRowsOwnedByItsManager() {
        NDList batch = new NDList(root.create(INPUTS, new Shape(4, 2)), root.create(new float[] {10, 20, 30, 40}));
        List<NDList> shards = BatchSplitter.split(batch, managers);
        assertArrayEquals(new float[] {1, 2, 3, 4}, shards.get(0).get(0).toFloatArray());
        assertEquals(new Shape(2, 2), shards.get(0).get(0).getShape());
        assertArrayEquals(new float[] {5, 6}, shards.get(1).get(0).toFloatArray());
        assertArrayEquals(new float[] {7, 8}, shards.get(2).get(0).toFloatArray());
        assertArrayEquals(new float[] {30}, shards.get(1).get(1).toFloatArray());
        for (int i = 0; i < REPLICAS; i++) {
            for (NDArray shard : shards.get(i)) {
                assertSame(managers.get(i), shard.getManager());
            }
        }
        batch.close();
        assertArrayEquals(new float[] {40}, shards.get(2).get(1).toFloatArray(), "shards outlive the batch");
        assertThrows(IllegalArgumentException.class,
                () -> BatchSplitter.split(new NDList(root.zeros(new Shape(4)), root.zeros(new Shape(3))), managers));
    }

    @Test
    void averagedGradientEqualsTheFullBatchGradientAndOthersAreZeroed() {
        List<Map<String, Parameter>> replicas = replicas(new float[] {0.5f, -1.5f});
        List<NDList> shards = BatchSplitter.split(new NDList(root.create(INPUTS, new Shape(4, 2))), managers);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < REPLICAS; i++) {
                // loss_i = mean over the shard of x . w, so its gradient is the shard's mean input row.
                NDArray w = replicas.get(i).get("w").getArray();
                collector.backward(shards.get(i).get(0).matMul(w).mean());
            }
        }
        GradientAverager.averageGradients(replicas, BatchSplitter.shardSizes(4, REPLICAS));
        // Full batch: mean of the rows (1,2) (3,4) (5,6) (7,8) = (4, 5).
        assertArrayEquals(new float[] {4f, 5f}, replicas.get(0).get("w").getArray().getGradient().toFloatArray(), 0f);
        for (int i = 1; i < REPLICAS; i++) {
            assertArrayEquals(new float[2], replicas.get(i).get("w").getArray().getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void runningStatisticsAreShardWeightedAndBroadcastWritesInPlace() {
        List<Map<String, Parameter>> replicas = replicas(new float[] {0.5f, -1.5f});
        float[][] runningMeans = {{1, 2}, {3, 4}, {5, 6}};
        for (int i = 0; i < REPLICAS; i++) {
            replicas.get(i).get("bn.running_mean").getArray().set(runningMeans[i]);
        }
        GradientAverager.averageRunningStatistics(replicas, new int[] {2, 1, 1});
        // 0.5 * (1, 2) + 0.25 * (3, 4) + 0.25 * (5, 6)
        assertArrayEquals(new float[] {2.5f, 3.5f}, replicas.get(0).get("bn.running_mean").getArray().toFloatArray(), 0f);

        replicas.get(0).get("w").getArray().set(new float[] {7f, -8f});
        NDArray replicaWeights = replicas.get(2).get("w").getArray();
        GradientAverager.broadcastFromMaster(replicas);
        for (int i = 1; i < REPLICAS; i++) {
            assertArrayEquals(new float[] {7f, -8f}, replicas.get(i).get("w").getArray().toFloatArray(), 0f);
            assertArrayEquals(new float[] {2.5f, 3.5f}, replicas.get(i).get("bn.running_mean").getArray().toFloatArray(), 0f);
        }
        assertSame(replicaWeights, replicas.get(2).get("w").getArray());
    }

    private List<Map<String, Parameter>> replicas(float[] weights) {
        List<Map<String, Parameter>> replicas = new ArrayList<>();
        for (NDManager manager : managers) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            NDArray array = manager.create(weights.clone(), new Shape(2));
            array.setRequiresGradient(true);
            w.setArray(array);
            params.put("w", w);
            Parameter mean = Parameter.builder().setName("bn.running_mean")
                    .setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build();
            mean.setArray(manager.zeros(new Shape(2)));
            params.put("bn.running_mean", mean);
            replicas.add(params);
        }
        return replicas;
    }
}
