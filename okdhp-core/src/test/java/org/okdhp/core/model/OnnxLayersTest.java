package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.onnx.OnnxModelCheck;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.onnx.proto.NodeProto;

/**
 * Every ONNX layer okdhp emits, in one small graph run by ONNX Runtime, against the same layers
 * run by DJL in inference: conv with a folded batch norm, ReLU, max pooling, pre-activation batch
 * norm, nearest x2 upsampling, addition; at two batch sizes (the batch axis is dynamic). Broken
 * graphs are refused by the check and by the runtime.
 */
class OnnxLayersTest {

    private static final Shape IMAGE = new Shape(3, 8, 12);
    private static final double TOLERANCE = 1e-5;

    /** conv(3 to 4, 3x3) + BN, ReLU = a; b = conv1x1(4 to 4)(upsample(BN(maxpool(a)))); a + b. */
    private record Tiny(Conv2d conv, BatchNorm bn, BatchNorm preBn, Conv2d pointwise) {

        static Tiny initialised(NDManager m) {
            Engine.getInstance().setRandomSeed(11);
            Tiny t = new Tiny(Layers.conv(3, 3, 4), Layers.bn(), Layers.bn(), Layers.conv(4, 1, 4));
            Shape input = new Shape(1).addAll(IMAGE);
            Shape a = Layers.init(t.conv, m, DataType.FLOAT32, input);
            t.bn.initialize(m, DataType.FLOAT32, a);
            Shape pooled = new Shape(1, 4, 4, 6);
            t.preBn.initialize(m, DataType.FLOAT32, pooled);
            t.pointwise.initialize(m, DataType.FLOAT32, a);
            for (BatchNorm bn : List.of(t.bn, t.preBn)) { // running statistics and affine away from (0, 1)
                var p = bn.getParameters();
                p.get("runningMean").getArray().set(m.randomUniform(-1, 1, new Shape(4)).toFloatArray());
                p.get("runningVar").getArray().set(m.randomUniform(0.5f, 2, new Shape(4)).toFloatArray());
                p.get("gamma").getArray().set(m.randomUniform(0.5f, 1.5f, new Shape(4)).toFloatArray());
                p.get("beta").getArray().set(m.randomUniform(-1, 1, new Shape(4)).toFloatArray());
            }
            return t;
        }

        NDArray djl(NDManager m, NDArray x) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = Layers.convBatchNormRelu(conv, bn, ps, x, false);
            NDArray pooled = Layers.maxPool2x2(a);
            NDArray normalised = Layers.batchNorm(preBn, ps, pooled, false);
            NDArray b = Layers.apply(pointwise, ps, Layers.upsample2x(normalised), false);
            return a.add(b);
        }

        OnnxGraph onnx() {
            OnnxGraph g = new OnnxGraph("tiny");
            String x = g.input("input", IMAGE.get(0), IMAGE.get(1), IMAGE.get(2));
            String a = OnnxLayers.relu(g, OnnxLayers.convBatchNorm(g, x, conv, bn, "conv"), "relu");
            String pooled = OnnxLayers.maxPool2x2(g, a, "pool");
            String normalised = OnnxLayers.batchNorm(g, pooled, preBn, "bn");
            String b = OnnxLayers.conv(g, OnnxLayers.upsampleNearest2x(g, normalised, "up"), pointwise, "pointwise");
            g.output(OnnxLayers.add(g, a, b, "sum"), "out", 4, IMAGE.get(1), IMAGE.get(2));
            return g;
        }
    }

    @Test
    void onnxRuntimeComputesWhatDjlComputes() throws OrtException {
        try (NDManager m = NDManager.newBaseManager()) {
            Tiny tiny = Tiny.initialised(m);
            ModelProto model = tiny.onnx().model("okdhp-test", "0", Map.of("note", "tiny"));
            assertEquals(List.of(), OnnxModelCheck.problems(model));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
                for (int batch : new int[] {1, 3}) {
                    NDArray x = m.randomNormal(new Shape(batch).addAll(IMAGE));
                    float[] expected = tiny.djl(m, x).toFloatArray();
                    float[] actual = run(env, session, x);
                    assertClose(expected, actual, "batch " + batch);
                }
                assertEquals("tiny", session.getMetadata().getCustomMetadata().get("note"));
            }
        }
    }

    @Test
    void foldingIsExactToRounding() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tiny tiny = Tiny.initialised(m);
            NDArray x = m.randomNormal(new Shape(2).addAll(IMAGE));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray separate = Layers.batchNorm(tiny.bn, ps, Layers.apply(tiny.conv, ps, x, false), false);
            FoldedConv folded = FoldedConv.of(tiny.conv, tiny.bn);
            NDArray one = Conv2d.conv2d(x, folded.weight(), folded.bias(), tiny.conv.getStride(),
                    tiny.conv.getPadding(), tiny.conv.getDilation(), 1).singletonOrThrow();
            assertClose(separate.toFloatArray(), one.toFloatArray(), "folded conv");
        }
    }

    @Test
    void brokenGraphsAreRefusedByTheCheckAndByTheRuntime() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelProto sound = Tiny.initialised(m).onnx().model("okdhp-test", "0", Map.of());
            var graph = sound.getGraph();
            NodeProto relu = graph.getNodeList().stream().filter(n -> n.getOpType().equals("Relu")).findFirst()
                    .orElseThrow();
            int reluIndex = graph.getNodeList().indexOf(relu);
            ModelProto unknownOp = sound.toBuilder().setGraph(graph.toBuilder()
                    .setNode(reluIndex, relu.toBuilder().setOpType("Rleu"))).build();
            ModelProto missingInitializer = sound.toBuilder().setGraph(graph.toBuilder().removeInitializer(0)).build();
            ModelProto wrongShape = sound.toBuilder().setGraph(graph.toBuilder().setOutput(0,
                    graph.getOutput(0).toBuilder().setType(graph.getInput(0).getType()))).build();
            for (var broken : Map.of("operator not in", unknownOp, "which no input, initializer", missingInitializer,
                    "is declared", wrongShape).entrySet()) {
                List<String> problems = OnnxModelCheck.problems(broken.getValue());
                assertTrue(problems.stream().anyMatch(p -> p.contains(broken.getKey())), problems.toString());
                assertThrows(IllegalStateException.class, () -> OnnxModelCheck.require(broken.getValue()));
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            for (ModelProto broken : List.of(unknownOp, missingInitializer)) {
                assertThrows(OrtException.class, () -> env.createSession(broken.toByteArray(),
                        new OrtSession.SessionOptions()).close());
            }
        }
    }

    static float[] run(OrtEnvironment env, OrtSession session, NDArray x) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.getShape().getShape());
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().array();
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertClose(expected, actual, what, TOLERANCE);
    }

    static void assertClose(float[] expected, float[] actual, String what, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": size");
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
            norm += expected[i] * (double) expected[i];
        }
        double error = Math.sqrt(difference / norm);
        assertTrue(error < tolerance, what + ": relative error " + error);
    }
}
