package org.okdhp.train.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch into one shard per replica along axis 0 and moves each shard to its replica's
 * device once. Shards are as equal as possible, larger ones first (10 over 3: 4, 3, 3), which
 * balances work better than torch's chunking (4, 4, 2).
 */
public final class BatchSplitter {

    private BatchSplitter() {}

    /** The shard sizes of {@code batchSize} samples over {@code shards} replicas. */
    public static int[] shardSizes(int batchSize, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("need at least one shard, got " + shards);
        }
        if (batchSize < shards) {
            throw new IllegalArgumentException("a batch of " + batchSize + " cannot give each of " + shards
                    + " devices a sample; use a batch of at least " + shards);
        }
        int[] sizes = new int[shards];
        for (int i = 0; i < shards; i++) {
            sizes[i] = batchSize / shards + (i < batchSize % shards ? 1 : 0);
        }
        return sizes;
    }

    /**
     * Shard {@code i} of every array of {@code batch}, on the device of {@code replicaManagers[i]}
     * and owned by it (closing that manager frees the shard).
     */
    public static List<NDList> split(NDList batch, List<NDManager> replicaManagers) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("cannot split an empty batch");
        }
        long batchSize = batch.get(0).getShape().get(0);
        for (NDArray array : batch) {
            if (array.getShape().dimension() == 0 || array.getShape().get(0) != batchSize) {
                throw new IllegalArgumentException("every array of a batch needs the batch axis first with "
                        + batchSize + " samples; got shape " + array.getShape());
            }
        }
        int[] sizes = shardSizes(Math.toIntExact(batchSize), replicaManagers.size());
        long[] boundaries = new long[sizes.length - 1];
        for (int i = 1; i < sizes.length; i++) {
            boundaries[i - 1] = (i == 1 ? 0 : boundaries[i - 2]) + sizes[i - 1];
        }
        List<NDList> shards = new ArrayList<>();
        replicaManagers.forEach(manager -> shards.add(new NDList()));
        for (NDArray array : batch) {
            NDList parts = array.split(boundaries, 0);
            for (int i = 0; i < parts.size(); i++) {
                NDManager replica = replicaManagers.get(i);
                NDArray part = parts.get(i);
                NDArray moved = part.toDevice(replica.getDevice(), false);
                if (moved != part) {
                    part.close();
                }
                moved.attach(replica);
                shards.get(i).add(moved);
            }
        }
        return shards;
    }
}
