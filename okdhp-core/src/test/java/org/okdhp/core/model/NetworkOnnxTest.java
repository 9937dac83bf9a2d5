package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.core.ReferenceVectors;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.onnx.OnnxModelCheck;
import org.okdhp.core.onnx.proto.ModelProto;

/** A branch's ONNX model computes the branch's inference prediction, run by ONNX Runtime. */
class NetworkOnnxTest {

    /** The bound for ONNX Runtime against okdhp's own output, relative (norm of the difference over norm). */
    private static final double TOLERANCE = 1e-4;

    @Test
    void eachBranchRunsInOnnxRuntimeAsInDjl() throws OrtException {
        Shape input = new Shape(2, 3, 64, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(OkdhpNetwork.builder().features(16).joints(5).sharedStacks(1)
                    .branches(1, 2).hourglassDepth(2), m, input, 4);
            TinyNetworks.warmRunningStatistics(net, m, input);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            for (int branch = 0; branch < 2; branch++) {
                ModelProto model = net.toOnnx(branch, 64, 32, "test", Map.of("branch", Integer.toString(branch)));
                assertEquals(List.of(), OnnxModelCheck.problems(model));
                assertEquals(OnnxGraph.OPSET, model.getOpsetImport(0).getVersion());
                assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getName().contains("fau")),
                        "the FAU is not deployed");
                try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
                    for (int batch : new int[] {1, 3}) {
                        NDArray x = m.randomNormal(new Shape(batch, 3, 64, 32));
                        NDArray expected = net.run(new ParameterStore(m, false), x, false).branchFinal(branch);
                        OnnxLayersTest.assertClose(expected.toFloatArray(), OnnxLayersTest.run(env, session, x),
                                "branch " + branch + ", batch " + batch, TOLERANCE);
                    }
                }
            }
        }
    }

    /** The reference network's branch 0 as ONNX, against the independent PyTorch implementation's output. */
    @Test
    void theReferenceBranchMatchesPyTorch() throws IOException, OrtException {
        try (NDManager m = NDManager.newBaseManager()) {
            ReferenceVectors ref = ReferenceVectors.load(m);
            OkdhpNetwork net = ref.network();
            NDArray x = ref.get("x");
            ModelProto model = net.toOnnx(0, x.getShape().get(2), x.getShape().get(3), "test", Map.of());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
                int finalOfBranch0 = net.architecture().finalOutputOf(0);
                OnnxLayersTest.assertClose(ref.get("eval_out_" + finalOfBranch0).toFloatArray(),
                        OnnxLayersTest.run(env, session, x), "branch 0 against PyTorch", TOLERANCE);
            }
        }
    }
}
