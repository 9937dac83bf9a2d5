package org.okdhp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The self-check passes the library's operations and names a deliberately wrong one. */
class EngineSelfCheckTest {

    private static final TrainingOperations LIBRARY = TrainingOperations.library();

    @Test
    void theLibraryPassesAndCoversWhatTrainingUses() {
        List<CheckResult> results = EngineSelfCheck.library().run(Device.cpu());
        assertEquals(List.of(), failures(results));
        List<String> operations = results.stream().map(CheckResult::operation).distinct().toList();
        for (String expected : List.of("convolution output", "convolution input gradient",
                "convolution weight gradient", "convolution bias gradient", "training-mode batch norm output",
                "training-mode batch norm input gradient", "training-mode batch norm gamma gradient",
                "training-mode batch norm beta gradient", "training-mode batch norm running mean",
                "training-mode batch norm running variance", "OKDHP loss output", "OKDHP loss ensemble gradient")) {
            assertTrue(operations.contains(expected), expected + " is not checked: " + operations);
        }
        assertTrue(results.stream().allMatch(r -> r.relativeError() < 1e-5),
                "correct float32 kernels are far inside the tolerance");
    }

    /** Right forward values, an input gradient 1% off for a 3x3 kernel of 8 output channels: the defect's signature, milder. */
    @Test
    void aWrongConvolutionInputGradientIsNamed() {
        TrainingOperations.Convolution wrong = (x, w, b, stride, padding, groups) -> {
            NDArray y = LIBRARY.convolution().apply(x, w, b, stride, padding, groups);
            boolean affected = w.getShape().get(0) == 8 && w.getShape().get(2) == 3;
            // x * 0.01 - detached(x * 0.01) is 0 forward, but adds 0.01 * upstream-sum to x's gradient.
            return affected ? y.add(x.mul(0.01f).sub(x.stopGradient().mul(0.01f)).sum()) : y;
        };
        List<CheckResult> failed = failures(EngineSelfCheck.of(
                new TrainingOperations(wrong, LIBRARY.batchNorm(), LIBRARY.loss())).run(Device.cpu()));
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(r -> r.operation().equals("convolution input gradient")), failed::toString);
        assertTrue(failed.stream().allMatch(r -> r.shape().contains("k3 8->8")), failed::toString);
    }

    @Test
    void aNaNAnywhereFails() {
        TrainingOperations.BatchNorm poisoned = (x, mean, variance, gamma, beta) ->
                LIBRARY.batchNorm().apply(x, mean, variance, gamma, beta).mul(Float.NaN);
        List<CheckResult> failed = failures(EngineSelfCheck.of(
                new TrainingOperations(LIBRARY.convolution(), poisoned, LIBRARY.loss())).run(Device.cpu()));
        assertTrue(failed.stream().anyMatch(r -> r.operation().equals("training-mode batch norm output")
                && Double.isNaN(r.relativeError())), failed::toString);
        assertTrue(failed.stream().allMatch(r -> r.operation().startsWith("training-mode batch norm")));
    }

    @Test
    void aWrongLossIsNamed() {
        TrainingOperations.Loss halved = (heatmaps, ensemble, target, weight) ->
                LIBRARY.loss().total(heatmaps, ensemble, target, weight).mul(0.5f);
        List<CheckResult> failed = failures(EngineSelfCheck.of(
                new TrainingOperations(LIBRARY.convolution(), LIBRARY.batchNorm(), halved)).run(Device.cpu()));
        assertTrue(failed.stream().anyMatch(r -> r.operation().equals("OKDHP loss output")), failed::toString);
    }

    private static List<CheckResult> failures(List<CheckResult> results) {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
