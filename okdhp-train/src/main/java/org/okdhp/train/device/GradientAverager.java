package org.okdhp.train.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.okdhp.train.tensor.InPlace;

/**
 * Synchronises model replicas for data-parallel training with one optimizer step per batch.
 * Replica 0 is the master: it receives the averaged gradients, the optimizer steps it, and its
 * values are then broadcast to the others. (DJL's stock parameter server instead sums the
 * replicas' gradients and runs the optimizer once per replica, advancing Adam k times a batch.)
 *
 * <p>Gradients are averaged with weights {@code shard size / batch size}: for losses that are
 * means over their shard this gives exactly the gradient of the mean loss over the whole batch,
 * also when shards differ in size.
 *
 * <p>BatchNorm: each replica normalises with the statistics of its own shard (as torch's
 * DataParallel does; no cross-device sync). For the running statistics we chose the
 * shard-weighted average over replicas rather than replica 0's alone: it uses all the batch's
 * data, and because the running update is linear, the averaged running mean is exactly what one
 * device would track from the shard means. The averaged running variance lacks the spread
 * between shard means, a small underestimate that shrinks with shard size.
 *
 * <p>Replicas are named-parameter maps with identical names and shapes, each on its own device.
 */
public final class GradientAverager {

    private GradientAverager() {}

    /**
     * Sets the master's gradients to the shard-weighted mean of all replicas' gradients and zeroes
     * the other replicas' gradients, ready for their next backward pass.
     */
    public static void averageGradients(List<Map<String, Parameter>> replicas, int[] shardSizes) {
        double[] weights = weights(replicas, shardSizes);
        for (Map.Entry<String, Parameter> entry : replicas.get(0).entrySet()) {
            if (entry.getValue().requiresGradient()) {
                NDArray master = entry.getValue().getArray();
                try (NDManager scope = master.getManager().newSubManager(master.getDevice())) {
                    NDArray mean = weightedSum(replicas, entry.getKey(), weights, scope, true);
                    InPlace.copy(mean, InPlace.gradient(master, scope));
                }
                for (Map<String, Parameter> replica : replicas.subList(1, replicas.size())) {
                    InPlace.zeroGradient(replica.get(entry.getKey()).getArray());
                }
            }
        }
    }

    /** Sets the master's running statistics (parameters without gradient) to the shard-weighted mean. */
    public static void averageRunningStatistics(List<Map<String, Parameter>> replicas, int[] shardSizes) {
        double[] weights = weights(replicas, shardSizes);
        for (Map.Entry<String, Parameter> entry : replicas.get(0).entrySet()) {
            if (!entry.getValue().requiresGradient()) {
                NDArray master = entry.getValue().getArray();
                try (NDManager scope = master.getManager().newSubManager(master.getDevice())) {
                    InPlace.copy(weightedSum(replicas, entry.getKey(), weights, scope, false), master);
                }
            }
        }
    }

    /** Copies every master value (weights and running statistics) into the other replicas, in place. */
    public static void broadcastFromMaster(List<Map<String, Parameter>> replicas) {
        for (Map.Entry<String, Parameter> entry : replicas.get(0).entrySet()) {
            NDArray master = entry.getValue().getArray();
            for (Map<String, Parameter> replica : replicas.subList(1, replicas.size())) {
                InPlace.copy(master, replica.get(entry.getKey()).getArray());
            }
        }
    }

    /** Σ weight_i × (gradient or value of {@code name} in replica i), on the master's device. */
    private static NDArray weightedSum(List<Map<String, Parameter>> replicas, String name, double[] weights,
            NDManager scope, boolean gradients) {
        NDArray sum = null;
        for (int i = 0; i < replicas.size(); i++) {
            Parameter parameter = replicas.get(i).get(name);
            if (parameter == null) {
                throw new IllegalArgumentException("replica " + i + " has no parameter '" + name + "'");
            }
            NDArray source = gradients
                    ? InPlace.gradient(parameter.getArray(), scope)
                    : InPlace.writableView(parameter.getArray(), scope);
            NDArray weighted = source.mul(weights[i]).toDevice(scope.getDevice(), false);
            weighted.attach(scope);
            sum = sum == null ? weighted : sum.addi(weighted);
        }
        return sum;
    }

    private static double[] weights(List<Map<String, Parameter>> replicas, int[] shardSizes) {
        if (replicas.isEmpty() || replicas.size() != shardSizes.length) {
            throw new IllegalArgumentException(replicas.size() + " replicas but " + shardSizes.length + " shard sizes");
        }
        long total = 0;
        for (int size : shardSizes) {
            if (size < 1) {
                throw new IllegalArgumentException("every replica needs a non-empty shard, got " + java.util.Arrays.toString(shardSizes));
            }
            total += size;
        }
        double[] weights = new double[shardSizes.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (double) shardSizes[i] / total;
        }
        return weights;
    }
}
