package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.train.tensor.HostTensor;

class AdamOptimizerTest {

    /** Coefficients of the linear loss term: mixed signs and magnitudes around eps. */
    private static final float[] LINEAR = {0.5f, -0.01f, 2.0f, 0.002f};
    private static final float[] W1_START = {0.3f, -1.2f, 0.7f, 0.05f};
    private static final float[] W2_START = {1.5f, -0.25f, 0.004f};
    /** Big enough that updates dwarf float32 rounding of the weights; eps big enough to matter. */
    private static final AdamHyperparameters TEST_HYPER = new AdamHyperparameters(0.1, 0.9, 0.999, 1e-3, 0.0);
    /**
     * The update runs in float32, as torch's does for float32 weights (betas, eps and the bias
     * corrections rounded to float32); the reference runs in double: ~1e-5 relative on the update.
     */
    private static final double TOLERANCE = 2e-5;

    @Test
    void threeStepsMatchTorchFormulaInDoublePrecision() {
        checkAgainstReference(TEST_HYPER);
    }

    @Test
    void weightDecayIsAddedToTheGradientAsInTorch() {
        checkAgainstReference(new AdamHyperparameters(0.05, 0.8, 0.99, 1e-4, 0.3));
    }

    private void checkAgainstReference(AdamHyperparameters hyper) {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(hyper, manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            TorchAdamReference w1 = new TorchAdamReference(hyper, W1_START);
            TorchAdamReference w2 = new TorchAdamReference(hyper, W2_START);
            for (int step = 1; step <= 3; step++) {
                backward(params);
                adam.step(params);
                w1.step(toDouble(LINEAR));
                w2.step(w2.weights.clone()); // gradient of 0.5 * w2^2 is w2 itself
                assertClose(w1.weights, params.get("w1").getArray().toFloatArray(), "w1 after step " + step);
                assertClose(w2.weights, params.get("w2").getArray().toFloatArray(), "w2 after step " + step);
            }
            assertEquals(3, adam.stepCount(), "one step per call, for all parameters together");
            AdamState state = adam.exportState();
            assertEquals(3, state.parameters().get("w1").step());
            assertClose(w1.first, state.parameters().get("w1").firstMoment().data(), "w1 first moment");
            assertClose(w1.second, state.parameters().get("w1").secondMoment().data(), "w1 second moment");
            assertClose(w2.second, state.parameters().get("w2").secondMoment().data(), "w2 second moment");
        }
    }

    @Test
    void gradientNormIsTheGlobalL2NormLeavesGradientsAloneAndReportsAnInfiniteOne() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            backward(params);
            double squares = 0;
            for (float g : LINEAR) {
                squares += g * g;
            }
            for (float g : W2_START) {
                squares += g * g; // gradient of 0.5 * w2^2 is w2
            }
            assertEquals(Math.sqrt(squares), adam.gradientNorm(params), 1e-6);
            assertEquals(Math.sqrt(squares), adam.gradientNorm(params), 1e-6, "reading leaves the gradients as they were");
            adam.step(params);
            TorchAdamReference reference = new TorchAdamReference(TEST_HYPER, W1_START);
            reference.step(toDouble(LINEAR));
            assertClose(reference.weights, params.get("w1").getArray().toFloatArray(), "w1 stepped after the norm was read");

            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray w1 = params.get("w1").getArray();
                collector.backward(w1.mul(manager.create(new float[] {Float.POSITIVE_INFINITY, 1f, 1f, 1f}, w1.getShape())).sum());
            }
            assertFalse(Double.isFinite(adam.gradientNorm(params)));
        }
    }

    @Test
    void gradientsGatheredOnceGiveTheNormAndTheSameStep() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer gathered = new AdamOptimizer(TEST_HYPER, manager);
                AdamOptimizer plain = new AdamOptimizer(TEST_HYPER, manager)) {
            Map<String, Parameter> once = params(manager, W1_START, W2_START);
            Map<String, Parameter> twice = params(manager, W1_START, W2_START);
            for (int step = 0; step < 2; step++) {
                backward(once);
                backward(twice);
                double expected = plain.gradientNorm(twice);
                try (AdamOptimizer.Gradients gradients = gathered.gradients(once)) {
                    assertEquals(expected, gradients.norm(), 0, "the norm of the gradients");
                    gathered.step(gradients);
                }
                plain.step(twice);
                for (String name : once.keySet()) {
                    assertArrayEquals(twice.get(name).getArray().toFloatArray(), once.get(name).getArray().toFloatArray(),
                            name + " after step " + (step + 1));
                }
            }
        }
    }

    @Test
    void gradientIsZeroAfterStepAndFrozenParametersStayUntouched() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            Parameter runningMean = Parameter.builder().setName("running_mean")
                    .setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build();
            runningMean.setArray(manager.create(new float[] {1f, 2f}));
            params.put("running_mean", runningMean);
            backward(params);
            adam.step(params);
            assertArrayEquals(new float[4], params.get("w1").getArray().getGradient().toFloatArray());
            assertArrayEquals(new float[] {1f, 2f}, runningMean.getArray().toFloatArray());
            assertEquals(2, adam.exportState().parameters().size());
        }
    }

    @Test
    void stepWorksWhileGradientCollectorIsOpen() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss(params));
                adam.step(params);
            }
            TorchAdamReference w1 = new TorchAdamReference(TEST_HYPER, W1_START);
            w1.step(toDouble(LINEAR));
            assertClose(w1.weights, params.get("w1").getArray().toFloatArray(), "w1");
        }
    }

    @Test
    void exportImportContinueEqualsUninterruptedBitForBit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> straight = params(manager, W1_START, W2_START);
            try (AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
                runSteps(adam, straight, 1, 5);
            }

            Map<String, Parameter> first = params(manager, W1_START, W2_START);
            AdamState saved;
            try (AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
                runSteps(adam, first, 1, 2);
                saved = adam.exportState();
            }
            Map<String, Parameter> resumed = params(manager,
                    HostTensor.of(first.get("w1").getArray()).data(), HostTensor.of(first.get("w2").getArray()).data());
            try (AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
                adam.importState(saved, resumed);
                runSteps(adam, resumed, 3, 5);
            }
            for (String name : straight.keySet()) {
                assertEquals(HostTensor.of(straight.get(name).getArray()), HostTensor.of(resumed.get(name).getArray()), name);
            }
        }
    }

    /** Steps {@code from..to} (1-based, inclusive); the learning rate drops at step 3, as a schedule would. */
    private static void runSteps(AdamOptimizer adam, Map<String, Parameter> params, int from, int to) {
        for (int step = from; step <= to; step++) {
            adam.setLearningRate(step >= 3 ? TEST_HYPER.learningRate() * 0.1 : TEST_HYPER.learningRate());
            backward(params);
            adam.step(params);
        }
    }

    @Test
    void importRefusesUnknownNameAndWrongShape() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(TEST_HYPER, manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            backward(params);
            adam.step(params);
            AdamState state = adam.exportState();
            Map<String, Parameter> missing = new LinkedHashMap<>(params);
            missing.remove("w2");
            assertThrows(IllegalArgumentException.class, () -> adam.importState(state, missing));
            Map<String, Parameter> reshaped = params(manager, W1_START, new float[] {1f, 2f});
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> adam.importState(state, reshaped));
            assertEquals(true, error.getMessage().contains("'w2'"), error.getMessage());
        }
    }

    @Test
    void memoryStaysFlatAcrossSteps() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(new AdamHyperparameters(0.1, 0.9, 0.999, 1e-8, 0.01), manager)) {
            Map<String, Parameter> params = params(manager, W1_START, W2_START);
            backward(params);
            adam.step(params);
            int afterFirst = manager.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                adam.step(params); // no new backward: no loss temporaries, only the optimizer's own
            }
            assertEquals(afterFirst, manager.getManagedArrays().size());
        }
    }

    private static Map<String, Parameter> params(NDManager manager, float[] w1, float[] w2) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("w1", parameter(manager, "w1", w1, new Shape(2, 2)));
        params.put("w2", parameter(manager, "w2", w2, new Shape(w2.length)));
        return params;
    }

    private static Parameter parameter(NDManager manager, String name, float[] values, Shape shape) {
        Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values.clone(), shape);
        array.setRequiresGradient(true);
        parameter.setArray(array);
        return parameter;
    }

    /** loss = sum(LINEAR * w1) + 0.5 * sum(w2^2). */
    private static NDArray loss(Map<String, Parameter> params) {
        NDArray w1 = params.get("w1").getArray();
        NDArray w2 = params.get("w2").getArray();
        NDArray linear = w1.getManager().create(LINEAR, w1.getShape());
        return w1.mul(linear).sum().add(w2.square().sum().mul(0.5f));
    }

    private static void backward(Map<String, Parameter> params) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss(params));
        }
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double allowed = TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], allowed, what + " [" + i + "]");
        }
    }

    /** torch.optim.Adam's single-tensor update, in double precision, for one parameter. */
}
