package org.okdhp.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.model.ActivationLayout;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.onnx.proto.NodeProto;
import org.okdhp.core.student.StudentVectors;

/** The deployed graph run by libtorch computes each branch's inference prediction, with its batch norms folded. */
class OnnxProgramTest {

    /** Folding rounds once per folded layer: float32 rounding, not a different computation. */
    private static final double FOLDING_TOLERANCE = 1e-5;
    private static final Shape IMAGE = new Shape(3, 64, 32);

    @Test
    void eachBranchComputesTheNetworksPredictionInBothLayouts() {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = tinyNetwork(m);
            for (int branch = 0; branch < 2; branch++) {
                ModelProto model = net.toOnnx(branch, IMAGE.get(1), IMAGE.get(2), "test", Map.of());
                for (ActivationLayout layout : List.of(ActivationLayout.CHANNELS_FIRST, ActivationLayout.CHANNELS_LAST)) {
                    try (OnnxProgram program = OnnxProgram.of(model, m, layout)) {
                        for (int batch : new int[] {1, 3}) {
                            NDArray x = m.randomNormal(new Shape(batch).addAll(IMAGE));
                            NDArray expected = net.run(new ParameterStore(m, false), x, false).branchFinal(branch);
                            NDArray actual = program.run(x);
                            assertEquals(expected.getShape(), actual.getShape());
                            double error = expected.sub(actual).norm().getFloat() / expected.norm().getFloat();
                            assertTrue(error < FOLDING_TOLERANCE, "branch " + branch + ", " + layout + ", batch "
                                    + batch + ": relative error " + error);
                        }
                    }
                }
            }
        }
    }

    /** A light student's deployed graph (transposed convolutions, ReLU6 as Clip, padded max pooling) in libtorch. */
    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "MOBILENETV2"})
    void aStudentBranchComputesTheNetworksPrediction(Backbone backbone) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = StudentVectors.network(backbone, m);
            NDArray x = StudentVectors.input(m);
            int branch = 1;
            ModelProto model = net.toOnnx(branch, x.getShape().get(2), x.getShape().get(3), "test", Map.of());
            try (OnnxProgram program = OnnxProgram.of(model, m, ActivationLayout.AUTO)) {
                NDArray expected = net.run(new ParameterStore(m, false), x, false).branchFinal(branch);
                NDArray actual = program.run(x);
                double error = expected.sub(actual).norm().getFloat() / expected.norm().getFloat();
                assertTrue(error < FOLDING_TOLERANCE, backbone + ": relative error " + error);
            }
        }
    }

    @Test
    void residualBatchNormsThatFollowAConvolutionAreFolded() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelProto model = tinyNetwork(m).toOnnx(0, IMAGE.get(1), IMAGE.get(2), "test", Map.of());
            List<String> norms = model.getGraph().getNodeList().stream()
                    .filter(n -> n.getOpType().equals("BatchNormalization")).map(NodeProto::getName).toList();
            assertTrue(!norms.isEmpty() && norms.stream().allMatch(name -> name.endsWith(".bn1")),
                    "only each residual's first batch norm (after the block's input) stays: " + norms);
        }
    }

    @Test
    void freesEveryIntermediateActivation() {
        try (NDManager m = NDManager.newBaseManager();
                NDManager images = m.newSubManager()) {
            ModelProto model = tinyNetwork(m).toOnnx(1, IMAGE.get(1), IMAGE.get(2), "test", Map.of());
            try (OnnxProgram program = OnnxProgram.of(model, m, ActivationLayout.CHANNELS_LAST)) {
                NDArray x = images.randomNormal(new Shape(2).addAll(IMAGE));
                NDArray heatmaps = program.run(x);
                List<NDArray> alive = images.getManagedArrays().stream().filter(a -> !a.isReleased()).toList();
                assertEquals(2, alive.size(), "only the input and the output stay: " + alive.size() + " arrays");
                assertTrue(alive.contains(heatmaps) && alive.contains(x));
            }
        }
    }

    @Test
    void refusesAnUnsoundGraph() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelProto model = tinyNetwork(m).toOnnx(0, IMAGE.get(1), IMAGE.get(2), "test", Map.of());
            ModelProto broken = model.toBuilder().setGraph(model.getGraph().toBuilder().removeInitializer(0)).build();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> OnnxProgram.of(broken, m, ActivationLayout.AUTO));
            assertTrue(e.getMessage().contains(model.getGraph().getInitializer(0).getName()), e.getMessage());
        }
    }

    private static OkdhpNetwork tinyNetwork(NDManager m) {
        Shape input = new Shape(2).addAll(IMAGE);
        OkdhpNetwork net = TinyNetworks.initialised(OkdhpNetwork.builder().features(16).joints(5).sharedStacks(1)
                .branches(1, 2).hourglassDepth(2), m, input, 4);
        TinyNetworks.warmRunningStatistics(net, m, input);
        return net;
    }
}
