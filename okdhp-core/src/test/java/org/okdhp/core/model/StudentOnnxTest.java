package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.okdhp.core.onnx.OnnxModelCheck;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.student.StudentVectors;

/**
 * A light student's branch as ONNX (transposed convolutions, Clip for ReLU6, padded max pooling,
 * residual adds), run by ONNX Runtime, against okdhp's inference output and the independent
 * PyTorch implementation's.
 */
class StudentOnnxTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "MOBILENETV2"})
    void aStudentBranchRunsInOnnxRuntimeAsInDjlAndPyTorch(Backbone backbone) throws IOException, OrtException {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = StudentVectors.network(backbone, m);
            NDArray x = StudentVectors.input(m);
            int branch = 2;
            ModelProto model = net.toOnnx(branch, x.getShape().get(2), x.getShape().get(3), "test", Map.of());
            assertEquals(List.of(), OnnxModelCheck.problems(model));
            Set<String> operators = model.getGraph().getNodeList().stream().map(n -> n.getOpType())
                    .collect(Collectors.toSet());
            assertEquals(true, operators.contains("ConvTranspose"), operators.toString());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
                float[] onnx = OnnxLayersTest.run(env, session, x);
                NDArray djl = net.run(new ParameterStore(m, false), x, false).branchFinal(branch);
                OnnxLayersTest.assertClose(djl.toFloatArray(), onnx, backbone + " against okdhp", TOLERANCE);
                OnnxLayersTest.assertClose(StudentVectors.outputs(backbone, m).get("eval_out_" + branch).toFloatArray(),
                        onnx, backbone + " against PyTorch", TOLERANCE);
            }
        }
    }
}
