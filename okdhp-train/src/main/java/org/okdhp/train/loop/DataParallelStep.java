package org.okdhp.train.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.okdhp.core.loss.LossTerms;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.device.BatchSplitter;
import org.okdhp.train.device.GradientAverager;

/**
 * Data-parallel training on one machine: one replica of the network per device and exactly one
 * optimizer step per batch, with the gradient of the whole batch's mean loss. (DJL's stock
 * multi-device path sums the replicas' gradients and steps Adam once per replica.)
 *
 * <p>Per batch:
 * <ol>
 *   <li>{@link BatchSplitter} cuts the batch into near-equal shards, moving shard i once to device i;
 *   <li>every replica runs forward and its loss on its shard (training mode); only when the
 *       shard-weighted total is finite do the backward passes run, so a NaN stops the step before
 *       any gradient or weight changes;
 *   <li>{@link GradientAverager} sets the master's (replica 0's) gradient to
 *       sum_i (n_i / N) g_i, which for per-shard mean losses is the full-batch mean gradient;
 *   <li>clipping and one Adam step on the master ({@link TrainingStep#update}): Adam's step count
 *       advances once per batch;
 *   <li>the master's weights and BatchNorm running statistics are copied back into every replica.
 * </ol>
 *
 * <p>BatchNorm, deliberately: each replica normalises with its own shard's statistics, as
 * {@code torch.nn.DataParallel} does (no cross-device synchronisation, which would cost a round
 * trip per BN layer), so the forward pass equals the single-device one only when every shard has
 * the batch's statistics. The running statistics become the shard-weighted mean over replicas (not
 * replica 0's alone, which would ignore most of the data); see {@link GradientAverager}.
 *
 * <p>Replicas run one after another from the calling thread. On GPUs the forward kernels of one
 * replica overlap the launches of the next; the backward passes do not overlap (libtorch's
 * {@code backward} returns when its device is done). A thread per device would lift that.
 */
public final class DataParallelStep implements BatchStep {

    private final TrainingStep master;
    private final List<Device> devices;
    private final List<OkdhpNetwork> networks = new ArrayList<>();
    private final List<Map<String, Parameter>> replicas = new ArrayList<>();
    private boolean replicasInSync;

    /**
     * @param master the single-device step of the master network, whose optimizer takes the step
     * @param devices one device per replica, the master's first; at least two
     * @param manager under which the other replicas live, one sub-manager per device
     * @param inputShape an input shape to initialise the replicas with
     */
    public DataParallelStep(TrainingStep master, List<Device> devices, NDManager manager, Shape inputShape) {
        if (devices.size() < 2) {
            throw new IllegalArgumentException("data parallelism needs at least two devices, got " + devices);
        }
        this.master = master;
        this.devices = List.copyOf(devices);
        networks.add(master.network());
        replicas.add(master.parameters());
        for (Device device : devices.subList(1, devices.size())) {
            OkdhpNetwork replica = OkdhpNetwork.of(master.network().architecture(), master.network().layout());
            replica.initialize(manager.newSubManager(device), DataType.FLOAT32, inputShape);
            networks.add(replica);
            replicas.add(replica.okdhpParameters().asMap());
        }
    }

    @Override
    public StepLosses run(NDArray images, NDArray target, NDArray weight, int epoch, long stepIndex, NDManager scope) {
        if (!replicasInSync) {
            // Also after the master's weights were restored from a checkpoint.
            GradientAverager.broadcastFromMaster(replicas);
            replicasInSync = true;
        }
        int[] sizes = BatchSplitter.shardSizes(Math.toIntExact(images.getShape().get(0)), devices.size());
        List<NDManager> shardScopes = devices.stream().map(scope::newSubManager).toList();
        List<NDList> shards = BatchSplitter.split(new NDList(images, target, weight), shardScopes);
        StepLosses losses;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<LossTerms> terms = new ArrayList<>();
            List<StepLosses> shardLosses = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                NDList shard = shards.get(i);
                LossTerms shardTerms = TrainingStep.forward(networks.get(i), master.loss(),
                        shard.get(0), shard.get(1), shard.get(2), epoch, shardScopes.get(i));
                terms.add(shardTerms);
                shardLosses.add(StepLosses.of(shardTerms));
            }
            losses = StepLosses.weightedMean(shardLosses, sizes).requireFinite(epoch, stepIndex);
            for (LossTerms shardTerms : terms) {
                collector.backward(shardTerms.total());
            }
        }
        GradientAverager.averageGradients(replicas, sizes);
        GradientAverager.averageRunningStatistics(replicas, sizes);
        losses = losses.withGradientNorm(master.update(epoch, stepIndex));
        GradientAverager.broadcastFromMaster(replicas);
        return losses;
    }

    /** The replicas' named parameters, the master's first (for tests and diagnostics). */
    public List<Map<String, Parameter>> replicas() {
        return replicas;
    }
}
