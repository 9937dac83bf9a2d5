package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.optim.AdamHyperparameters;
import org.okdhp.train.optim.AdamOptimizer;

/**
 * Data-parallel steps with two CPU "devices" standing in for GPUs, each replica its own network and
 * manager.
 */
class DataParallelStepTest {

    private static final Shape INPUT = new Shape(4, 3, 32, 32);
    private static final int JOINTS = 4;
    /**
     * eps far above every |gradient| makes Adam's first update about lr * g / eps, so the weights
     * after a step compare the gradients themselves (with the default eps it would be lr * sign(g),
     * blind to a wrong scale).
     */
    private static final AdamHyperparameters LINEAR_ADAM = new AdamHyperparameters(1e-2, 0.9, 0.999, 1.0, 0.0);
    private static final double TOLERANCE = 1e-4;

    /**
     * A batch of 4 built as [a, b, a, b] splits into shards [a, b] and [a, b] whose BatchNorm
     * statistics equal the whole batch's, so the data-parallel step must reproduce the
     * single-device step: same loss, same gradient, hence the same Adam update.
     */
    @Test
    void twoReplicasGiveTheSingleDeviceUpdateAndOneAdamStepPerBatch() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDList batch = mirroredBatch(manager);
            OkdhpNetwork single = network(manager);
            OkdhpNetwork master = network(manager);
            float[] before = weights(master.okdhpParameters().asMap());
            try (AdamOptimizer singleAdam = new AdamOptimizer(LINEAR_ADAM, manager);
                    AdamOptimizer masterAdam = new AdamOptimizer(LINEAR_ADAM, manager)) {
                TrainingStep reference = new TrainingStep(single, OkdhpLoss.standard(), singleAdam, Optional.empty());
                DataParallelStep parallel = new DataParallelStep(
                        new TrainingStep(master, OkdhpLoss.standard(), masterAdam, Optional.empty()),
                        List.of(Device.cpu(), Device.cpu()), manager, INPUT);

                StepLosses expected = run(reference, batch, manager);
                StepLosses actual = run(parallel, batch, manager);

                assertEquals(expected.total(), actual.total(), TOLERANCE * expected.total(), "loss of the whole batch");
                float[] singleDelta = delta(before, weights(single.okdhpParameters().asMap()));
                float[] parallelDelta = delta(before, weights(master.okdhpParameters().asMap()));
                assertTrue(norm(singleDelta) > 0, "the step moved the weights");
                double error = distance(parallelDelta, singleDelta) / norm(singleDelta);
                assertTrue(error < TOLERANCE, "update differs from the single-device one by " + error);
                assertEquals(1, masterAdam.stepCount(), "one Adam step for the batch, not one per replica");

                // Every shard had the batch's mean, so the running means agree too. (Running variances
                // do not: each replica's unbiased correction n / (n - 1) counts its shard only.)
                float[] singleStatistics = runningMeans(single.okdhpParameters().asMap());
                float[] masterStatistics = runningMeans(master.okdhpParameters().asMap());
                double statisticsError = distance(masterStatistics, singleStatistics) / norm(singleStatistics);
                assertTrue(statisticsError < TOLERANCE, "running statistics differ by " + statisticsError);

                run(parallel, batch, manager);
                assertEquals(2, masterAdam.stepCount());
                Map<String, Parameter> replica = parallel.replicas().get(1);
                assertEquals(0.0, distance(weights(replica), weights(master.okdhpParameters().asMap())),
                        "the replica holds the master's weights after the broadcast");
            }
        }
    }

    /**
     * Shards of different samples and sizes (2 + 1): the master's gradient must be the
     * shard-size-weighted mean of the shards' own gradients, read from Adam's first moment, which
     * after one step is exactly (1 - beta1) g.
     */
    @Test
    void masterGradientIsTheShardWeightedMeanOfTheReplicasGradients() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(12);
            NDArray images = manager.randomNormal(new Shape(3, 3, 32, 32));
            NDArray targets = manager.randomUniform(0, 1, new Shape(3, JOINTS, 8, 8));
            NDArray weights = manager.ones(new Shape(3, JOINTS));
            float[] firstShard = gradient(network(manager), images.get("0:2"), targets.get("0:2"), weights.get("0:2"));
            float[] secondShard = gradient(network(manager), images.get("2:3"), targets.get("2:3"), weights.get("2:3"));
            float[] expected = new float[firstShard.length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (2 * firstShard[i] + secondShard[i]) / 3;
            }
            OkdhpNetwork master = network(manager);
            try (AdamOptimizer adam = new AdamOptimizer(LINEAR_ADAM, manager)) {
                DataParallelStep parallel = new DataParallelStep(
                        new TrainingStep(master, OkdhpLoss.standard(), adam, Optional.empty()),
                        List.of(Device.cpu(), Device.cpu()), manager, INPUT);
                run(parallel, new NDList(images, targets, weights), manager);
                float[] actual = adam.exportState().parameters().values().stream()
                        .map(moments -> moments.firstMoment().data())
                        .reduce(new float[0], DataParallelStepTest::concat);
                for (int i = 0; i < actual.length; i++) {
                    actual[i] /= (float) (1 - LINEAR_ADAM.beta1());
                }
                double error = distance(actual, expected) / norm(expected);
                assertTrue(error < TOLERANCE, "master gradient differs from the weighted mean by " + error);
            }
        }
    }

    /** The gradient of one shard's loss on its own copy of the network, trainable parameters in order. */
    private static float[] gradient(OkdhpNetwork net, NDArray images, NDArray targets, NDArray weights) {
        Map<String, Parameter> parameters = net.okdhpParameters().asMap();
        try (NDManager scope = images.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(TrainingStep.forward(net, OkdhpLoss.standard(), images, targets, weights, 0, scope).total());
        }
        return parameters.values().stream()
                .filter(Parameter::requiresGradient)
                .map(p -> p.getArray().getGradient().toFloatArray())
                .reduce(new float[0], DataParallelStepTest::concat);
    }

    private static StepLosses run(BatchStep step, NDList batch, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return step.run(batch.get(0), batch.get(1), batch.get(2), 0, 0, scope);
        }
    }

    /** Images, targets and weights [a, b, a, b]: both halves of the batch are the same two samples. */
    private static NDList mirroredBatch(NDManager manager) {
        Engine.getInstance().setRandomSeed(11);
        NDArray images = manager.randomNormal(new Shape(2, 3, 32, 32));
        NDArray targets = manager.randomUniform(0, 1, new Shape(2, JOINTS, 8, 8));
        NDArray weights = manager.create(new float[] {1, 1, 0, 1, 1, 0, 1, 1}, new Shape(2, JOINTS));
        return new NDList(NDArrays.concat(new NDList(images, images)), NDArrays.concat(new NDList(targets, targets)),
                NDArrays.concat(new NDList(weights, weights)));
    }

    /** Two shared-nothing copies from the same seed: a 16-wide net of depth-2 hourglasses, 1 shared + 2 branches. */
    private static OkdhpNetwork network(NDManager manager) {
        Engine.getInstance().setRandomSeed(5);
        OkdhpNetwork net = OkdhpNetwork.builder().features(16).joints(JOINTS).sharedStacks(1).branches(1, 1)
                .hourglassDepth(2).build();
        net.initialize(manager, DataType.FLOAT32, INPUT);
        return net;
    }

    /** The trainable weights end to end. */
    private static float[] weights(Map<String, Parameter> parameters) {
        return parameters.values().stream()
                .filter(Parameter::requiresGradient)
                .map(p -> p.getArray().toFloatArray())
                .reduce(new float[0], DataParallelStepTest::concat);
    }

    private static float[] runningMeans(Map<String, Parameter> parameters) {
        return parameters.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".running_mean"))
                .map(e -> e.getValue().getArray().toFloatArray())
                .reduce(new float[0], DataParallelStepTest::concat);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static float[] delta(float[] before, float[] after) {
        float[] delta = new float[before.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = after[i] - before[i];
        }
        return delta;
    }

    private static double norm(float[] values) {
        return distance(values, new float[values.length]);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
