package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okdhp.core.engine.CheckResult;
import org.okdhp.core.engine.EngineSelfCheck;

/**
 * The library's convolution computes the plain convolution, forward and every gradient, on any
 * machine: the shapes that expose oneDNN 3.7.1's input-gradient defect run through it against
 * float64, and the raw engine's result on the same shapes is reported.
 */
class PaddedConv2dTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void padsOnlyWhereABackwardPassCanMeetTheDefect() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 8, 6, 6));
            Shape partial3x3 = new Shape(8, 8, 3, 3);
            assertFalse(PaddedConv2d.padded(x, partial3x3, 1), "inference runs the plain convolution");
            try (GradientCollector ignored = Engine.getInstance().newGradientCollector()) {
                assertTrue(PaddedConv2d.padded(x, partial3x3, 1));
                assertTrue(PaddedConv2d.padded(x, new Shape(24, 8, 3, 3), 1), "24 is not a multiple of 16");
                assertTrue(PaddedConv2d.padded(x, new Shape(16, 8, 3, 3), 2), "8 output channels per group");
                assertTrue(PaddedConv2d.padded(x, new Shape(8, 3, 7, 7), 1), "the demo stem's 7x7");
                assertFalse(PaddedConv2d.padded(x, new Shape(16, 8, 3, 3), 1), "a whole block");
                assertFalse(PaddedConv2d.padded(x, new Shape(32, 8, 3, 3), 2), "whole blocks per group");
                assertFalse(PaddedConv2d.padded(x, new Shape(8, 8, 1, 1), 1), "1x1 kernels are right");
                assertFalse(PaddedConv2d.padded(x, new Shape(8, 1, 3, 3), 8), "depthwise runs its own kernels");
            }
        }
    }

    /**
     * A convolution block on the defect's shapes (output channels 4, 8 and 24, 3x3, batch 2) in
     * training, against the same block's parameters in float64: output, input, weight and bias
     * gradients.
     */
    @ParameterizedTest
    @CsvSource({"8, 4, 3", "8, 8, 3", "8, 24, 3", "8, 16, 3", "8, 8, 5", "3, 8, 7"})
    void aBlockComputesThePlainConvolutionAndItsGradients(int in, int out, int kernel) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, in, 10, 10);
            Conv2d conv = Layers.conv(in, kernel, out);
            assertInstanceOf(PaddedConv2d.class, conv, "every convolution the layers make is the padded one");
            Pass pass = Pass.of(conv, m, input);
            NDArray x = pass.x();
            NDArray upstream = pass.upstream();
            NDArray y = pass.y();
            Parameter weight = conv.getParameters().get("weight");
            Parameter bias = conv.getParameters().get("bias");
            NDArray x64 = float64Leaf(x);
            NDArray w64 = float64Leaf(weight.getArray());
            NDArray b64 = float64Leaf(bias.getArray());
            NDArray y64;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y64 = Conv2d.conv2d(x64, w64, b64, conv.getStride(), conv.getPadding(), conv.getDilation(), 1)
                        .singletonOrThrow();
                collector.backward(y64.mul(upstream.toType(DataType.FLOAT64, false)).sum());
            }
            assertClose(y64, y, "output");
            assertClose(x64.getGradient(), x.getGradient(), "input gradient");
            assertClose(w64.getGradient(), weight.getArray().getGradient(), "weight gradient");
            assertClose(b64.getGradient(), bias.getArray().getGradient(), "bias gradient");
        }
    }

    /**
     * A depthwise 3x3 convolution (MobileNetV2's, which runs unpadded: one channel per group) in
     * training against float64: output, input and weight gradients, on channel counts that are not
     * multiples of 16 and with both strides, so that a CPU with the defect would show it here.
     */
    @ParameterizedTest
    @CsvSource({"24, 1", "24, 2", "40, 1", "8, 2"})
    void aDepthwiseConvolutionComputesItsGradients(int channels, int stride) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, channels, 10, 10);
            Conv2d conv = Layers.convWithoutBias(channels, 3, channels, stride, channels);
            Pass pass = Pass.of(conv, m, input);
            NDArray x = pass.x();
            NDArray upstream = pass.upstream();
            NDArray y = pass.y();
            Parameter weight = conv.getParameters().get("weight");
            NDArray x64 = float64Leaf(x);
            NDArray w64 = float64Leaf(weight.getArray());
            NDArray y64;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y64 = Conv2d.conv2d(x64, w64, null, conv.getStride(), conv.getPadding(), conv.getDilation(), channels)
                        .singletonOrThrow();
                collector.backward(y64.mul(upstream.toType(DataType.FLOAT64, false)).sum());
            }
            assertClose(y64, y, "output");
            assertClose(x64.getGradient(), x.getGradient(), "input gradient");
            assertClose(w64.getGradient(), weight.getArray().getGradient(), "weight gradient");
        }
    }

    /**
     * Every library path the engine self-check covers passes here; the raw engine's convolution on
     * the same shapes is reported (on an affected CPU its input gradients are wrong, which the
     * padding must hide).
     */
    @Test
    void theLibraryPathsPassWhereverTheRawEngineFails() {
        List<CheckResult> raw = EngineSelfCheck.rawConvolutions(Device.cpu());
        List<CheckResult> failedRaw = raw.stream().filter(r -> !r.passed()).toList();
        System.out.println(failedRaw.isEmpty()
                ? "raw engine convolution: unaffected on this CPU (" + raw.size() + " checks)"
                : "raw engine convolution AFFECTED on this CPU:\n  " + failedRaw.stream().map(CheckResult::describe)
                        .collect(Collectors.joining("\n  ")));
        List<CheckResult> library = EngineSelfCheck.library().run(Device.cpu());
        List<String> failed = library.stream().filter(r -> !r.passed()).map(CheckResult::describe).toList();
        assertEquals(List.of(), failed);
    }

    /** A convolution's training-mode forward on random input and backward of a random upstream gradient. */
    private record Pass(NDArray x, NDArray upstream, NDArray y) {
        static Pass of(Conv2d conv, NDManager m, Shape input) {
            conv.initialize(m, DataType.FLOAT32, input);
            NDArray x = m.randomNormal(input);
            NDArray upstream = m.randomNormal(Layers.outputShape(conv, input));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                y = Layers.apply(conv, new ParameterStore(m, false), x, true);
                collector.backward(y.mul(upstream).sum());
            }
            return new Pass(x, upstream, y);
        }
    }

    private static NDArray float64Leaf(NDArray a) {
        NDArray copy = a.toType(DataType.FLOAT64, true);
        copy.setRequiresGradient(true);
        return copy;
    }

    private static void assertClose(NDArray expected64, NDArray actual, String what) {
        NDArray e = expected64.toType(DataType.FLOAT64, false);
        double error = actual.toType(DataType.FLOAT64, false).sub(e).norm().getDouble() / e.norm().getDouble();
        assertTrue(error < TOLERANCE, what + ": relative error " + error + " against float64");
    }
}
