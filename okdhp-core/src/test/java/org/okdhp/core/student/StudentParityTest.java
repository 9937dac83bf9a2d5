package org.okdhp.core.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.okdhp.core.ReferenceVectors;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.prune.BranchPruner;

/**
 * The light students against an independent PyTorch implementation (torchvision's backbones,
 * HRNet's SimpleBaseline heads, the released FAU): the same state_dict names and shapes, and the
 * same outputs in inference (1e-4) and training mode (1e-3), ensemble and attention included.
 */
class StudentParityTest {

    private static final double EVAL_TOLERANCE = 1e-4;
    private static final double TRAIN_TOLERANCE = 1e-3;
    private static final String GRADIENT = "grad.";
    /** Per gradient, 3 x PyTorch's own float32 error against the float64 reference, at least 1e-3. */
    private static final String GRADIENT_BOUND = "gradtol.";

    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "RESNET34", "RESNET50", "MOBILENETV2"})
    void namesAndShapesAreThoseOfTheTorchvisionStudent(Backbone backbone) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = OkdhpNetwork.builder().backbone(backbone).sharedStacks(0).branches(1, 1, 1)
                    .joints(StudentVectors.JOINTS).build();
            net.initialize(m, DataType.FLOAT32, StudentVectors.INPUT);
            Map<String, String> ours = new TreeMap<>();
            net.okdhpParameters().asMap().forEach((name, p) ->
                    ours.put(name, Arrays.toString(p.getArray().getShape().getShape())));
            Map<String, String> torch = new TreeMap<>(StudentVectors.names(backbone).lines()
                    .map(line -> line.split(" ", 2)).collect(Collectors.toMap(f -> f[0], f -> f[1])));
            assertEquals(torch, ours);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "RESNET50", "MOBILENETV2"})
    void outputsMatchPyTorchInBothModes(Backbone backbone) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            StudentVectors.Case reference = StudentVectors.load(backbone, m);
            assertOutputsInBothModes(reference.net(), reference.input(), reference.reference(), "", true);
        }
    }

    /** The same at the students' COCO input size, 256 x 192 (height x width), from fresh reference weights. */
    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "RESNET50", "MOBILENETV2"})
    void outputsMatchPyTorchAt256x192(Backbone backbone) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            assertOutputsInBothModes(StudentVectors.network(backbone, m), StudentVectors.fullInput(m),
                    StudentVectors.outputs(backbone, m), "full_", false);
        }
    }

    /** Inference, then training mode: every branch, the ensemble and (when stored) the attention, under {@code prefix}. */
    private static void assertOutputsInBothModes(OkdhpNetwork net, NDArray x, Map<String, NDArray> ref, String prefix,
            boolean attention) {
        for (String mode : new String[] {"eval", "train"}) {
            double tolerance = mode.equals("eval") ? EVAL_TOLERANCE : TRAIN_TOLERANCE;
            OkdhpOutput out = net.run(new ParameterStore(x.getManager(), false), x, mode.equals("train"));
            String key = prefix + mode;
            for (int b = 0; b < StudentVectors.BRANCHES; b++) {
                assertClose(out.branchFinal(b), ref.get(key + "_out_" + b), tolerance, key + " out_" + b);
            }
            assertClose(out.ensemble(), ref.get(key + "_ens"), tolerance, key + " ens");
            if (attention) {
                assertClose(out.attention(), ref.get(key + "_attention"), tolerance, key + " attention");
            }
        }
    }

    /**
     * Training-mode gradients of sum((out_0 + ... + out_{K-1} + ens) * pattern), through every
     * transposed convolution's input and weight, the backbone, the FAU and the ensemble, against
     * PyTorch in float64, within what PyTorch's own float32 reaches (batch statistics through 50
     * layers amplify rounding to 1e-2 there).
     */
    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "RESNET50", "MOBILENETV2"})
    void gradientsMatchPyTorchInTrainingMode(Backbone backbone) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            StudentVectors.Case reference = StudentVectors.load(backbone, m);
            OkdhpNetwork net = reference.net();
            Map<String, NDArray> ref = reference.reference();
            NDArray x = reference.input();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                OkdhpOutput out = net.run(new ParameterStore(m, false), x, true);
                NDArray sum = out.ensemble();
                for (int b = 0; b < StudentVectors.BRANCHES; b++) {
                    sum = sum.add(out.branchFinal(b));
                }
                collector.backward(sum.mul(StudentVectors.pattern(m, sum.getShape())).sum());
            }
            Map<String, Parameter> parameters = net.okdhpParameters().asMap();
            int checked = 0;
            for (Map.Entry<String, NDArray> expected : ref.entrySet()) {
                if (expected.getKey().startsWith(GRADIENT)) {
                    String name = expected.getKey().substring(GRADIENT.length());
                    NDArray gradient = parameters.get(name).getArray().getGradient();
                    if (gradient.getShape().dimension() == 4) {
                        gradient = gradient.get(new NDIndex().addSliceDim(0, StudentVectors.GRADIENT_CORNER)
                                .addSliceDim(0, StudentVectors.GRADIENT_CORNER));
                    }
                    double bound = ref.get(GRADIENT_BOUND + name).toType(DataType.FLOAT64, false)
                            .getDouble();
                    assertClose(gradient, expected.getValue(), bound, "gradient of " + name + " against float64");
                    checked++;
                }
            }
            assertTrue(checked >= 3, "the reference holds gradients");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"RESNET18", "MOBILENETV2"})
    void aPrunedBranchReproducesItsOutputBitForBit(Backbone backbone) {
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = StudentVectors.network(backbone, m);
            NDArray x = StudentVectors.input(m);
            int branch = 1;
            OkdhpNetwork pruned = BranchPruner.prune(net, branch, m);
            assertEquals(1, pruned.architecture().branchCount());
            float[] multi = net.run(new ParameterStore(m, false), x, false).branchFinal(branch).toFloatArray();
            float[] alone = pruned.run(new ParameterStore(m, false), x, false).branchFinal(0).toFloatArray();
            assertArrayEquals(multi, alone);
            assertTrue(pruned.deployedParameters().asMap().keySet().stream()
                    .noneMatch(n -> n.startsWith("backbone.") || n.startsWith("heads.") || n.startsWith("fau.")));
        }
    }

    private static void assertClose(NDArray actual, NDArray expected, double tolerance, String what) {
        double error = ReferenceVectors.relativeError(actual, expected);
        assertTrue(error < tolerance, what + ": relative error " + error + " >= " + tolerance);
    }
}
