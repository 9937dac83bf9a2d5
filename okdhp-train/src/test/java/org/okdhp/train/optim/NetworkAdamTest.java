package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.tensor.InPlace;

/**
 * AdamOptimizer on a whole OKDHP network (trunk, three branches, FAU) against torch's formula in
 * double precision, every trainable tensor, step after step, each step fed the gradients the
 * backward pass actually left on the parameters. The conformance vectors check a few named tensors
 * once; this catches an optimizer that skips tensors or reads stale gradients after the first step.
 */
class NetworkAdamTest {

    private static final int STEPS = 4;
    private static final int BATCH = 2;
    private static final int JOINTS = 4;
    private static final int SIDE = 64;
    private static final AdamHyperparameters HYPER = new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0.0);
    /**
     * 2% of the learning rate: float32 rounding of the moments moves an update by far less; a
     * missed or stale gradient moves it by about the learning rate.
     */
    private static final double TOLERANCE = 2e-5;

    @Test
    void everyTensorFollowsTorchAdamStepAfterStep() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(HYPER, manager)) {
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(JOINTS).sharedStacks(1).branches(1, 1, 1)
                    .hourglassDepth(2).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIDE, SIDE));
            Map<String, Parameter> parameters = net.okdhpParameters().asMap();
            Map<String, TorchAdamReference> references = new LinkedHashMap<>();
            parameters.forEach((name, p) -> {
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                    references.put(name, new TorchAdamReference(HYPER, p.getArray().toFloatArray()));
                }
            });
            NDArray images = manager.randomUniform(-1f, 1f, new Shape(BATCH, 3, SIDE, SIDE));
            NDArray targets = manager.randomUniform(0f, 1f, new Shape(BATCH, JOINTS, SIDE / 4, SIDE / 4));
            NDArray weights = manager.ones(new Shape(BATCH, JOINTS));

            for (int step = 1; step <= STEPS; step++) {
                Map<String, double[]> gradients = new LinkedHashMap<>();
                try (NDManager scope = manager.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        var out = net.run(new ParameterStore(scope, false), images, true);
                        collector.backward(OkdhpLoss.standard().compute(out, targets, weights, 30).total());
                    }
                    for (String name : references.keySet()) {
                        gradients.put(name, toDouble(InPlace.gradient(parameters.get(name).getArray(), scope).toFloatArray()));
                    }
                    adam.step(parameters);
                }
                List<String> off = new ArrayList<>();
                for (Map.Entry<String, TorchAdamReference> reference : references.entrySet()) {
                    reference.getValue().step(gradients.get(reference.getKey()));
                    // The optimizer may have repacked the parameters: read them afresh.
                    double difference = reference.getValue().maxDifference(
                            net.okdhpParameters().asMap().get(reference.getKey()).getArray().toFloatArray());
                    if (!(difference <= TOLERANCE)) {
                        off.add(reference.getKey() + " by " + difference);
                    }
                }
                assertTrue(off.isEmpty(), "after step " + step + " " + off.size() + " of " + references.size()
                        + " tensors are off torch's Adam: " + off);
            }
        }
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
