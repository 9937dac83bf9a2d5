package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.fau.FeatureAggregationUnit;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.onnx.OnnxModelCheck;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.student.BackboneTrunk;
import org.okdhp.core.student.SimpleBaselineHead;
import org.okdhp.core.student.StudentAggregation;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The OKDHP network: a {@link Trunk}, K {@link Branch}es that all start from the trunk's features,
 * and (K > 1) the {@link FeatureAggregation} that weighs the branches' final heatmaps into an
 * ensemble. The stacked hourglass's trunk is the stem and S shared stacks, its branches chains of
 * stacks; with one branch and nothing shared it is exactly the plain stacked hourglass.
 *
 * <p>Input [B, 3, H, W] with H and W multiples of {@link OkdhpArchitecture#inputDivisor()};
 * output as described by {@link OkdhpOutput}. {@link #plainForward} says what the network
 * computes; {@link #forward} computes the same through a {@link NetworkExecutor}, which decides
 * how (the activation layout, branches side by side in training, when memory is freed). Outputs
 * may therefore carry NHWC strides: shapes and values are the same either way.
 */
public final class OkdhpNetwork extends OkdhpBlock implements TorchNamed {

    /** The FAU's names: bare in the authors' hourglass network, under {@code fau} in a student. */
    private static final String HOURGLASS_FAU_PREFIX = "";
    private static final String STUDENT_FAU_PREFIX = "fau";

    private final OkdhpArchitecture architecture;
    private final Trunk trunk;
    private final List<Branch> branches = new ArrayList<>();
    private final FeatureAggregation fau;
    private final NetworkExecutor executor;

    private OkdhpNetwork(OkdhpArchitecture a, ActivationLayout layout) {
        this.architecture = a;
        if (a.backbone().isStudent()) {
            BackboneTrunk backbone = BackboneTrunk.of(a.backbone());
            trunk = backbone;
            for (int b = 0; b < a.branchCount(); b++) {
                branches.add(SimpleBaselineHead.of(a.joints()));
            }
            fau = a.branchCount() > 1
                    ? StudentAggregation.of(backbone.channels(), a.joints(), a.branchCount(), a.fau())
                    : null;
        } else {
            trunk = HourglassTrunk.of(a);
            for (int stacks : a.branches()) {
                branches.add(HourglassBranch.of(stacks, a.hourglassDepth(), a.features(), a.joints()));
            }
            fau = a.branchCount() > 1
                    ? FeatureAggregationUnit.of(a.features(), a.joints(), a.branchCount(), a.fau())
                    : null;
        }
        // The children in forward order: DJL's parameter files list the parameters in this order.
        addChildBlocks("", trunk.blocks());
        for (int b = 0; b < branches.size(); b++) {
            addChildBlocks("branch" + b, branches.get(b).blocks());
        }
        if (fau != null) {
            addChildBlock("fau", fau);
        }
        executor = new NetworkExecutor(trunk, branches, fau, layout);
    }

    private void addChildBlocks(String prefix, PairList<String, Block> blocks) {
        for (Pair<String, Block> block : blocks) {
            addChildBlock(prefix + block.getKey(), block.getValue());
        }
    }

    /** The network with the activation layout chosen for the device it runs on. */
    public static OkdhpNetwork of(OkdhpArchitecture architecture) {
        return of(architecture, ActivationLayout.AUTO);
    }

    public static OkdhpNetwork of(OkdhpArchitecture architecture, ActivationLayout layout) {
        return new OkdhpNetwork(architecture, layout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public OkdhpArchitecture architecture() {
        return architecture;
    }

    public ActivationLayout layout() {
        return executor.layout();
    }

    /** Where the heatmaps lie in the outputs: the trunk's, then each branch's. */
    public HeatmapLayout heatmapLayout() {
        return new HeatmapLayout(trunk.heatmapCount(), branches.stream().map(Branch::heatmapCount).toList());
    }

    /** Runs the network and views the result. */
    public OkdhpOutput run(ParameterStore ps, NDArray images, boolean training) {
        return new OkdhpOutput(heatmapLayout(), forward(ps, new NDList(images), training));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return executor.forward(ps, inputs.singletonOrThrow(), training);
    }

    /**
     * What the network computes, part by part: the trunk, every branch on the trunk's features,
     * the FAU's attention and ensemble of the branches' final heatmaps. Nothing is freed before the
     * caller's scope closes; {@link #forward} computes the same values, faster.
     */
    NDList plainForward(ParameterStore ps, NDArray images, boolean training) {
        TrunkOutput shared = trunk.run(ps, images, training);
        NDList outputs = new NDList(shared.heatmaps());
        NDList finals = new NDList(branches.size());
        for (Branch branch : branches) {
            NDList heatmaps = branch.run(ps, shared.features(), training);
            outputs.addAll(heatmaps);
            finals.add(heatmaps.get(heatmaps.size() - 1));
        }
        if (fau != null) {
            NDArray alpha = fau.attention(ps, shared.aggregated(), training);
            outputs.add(FeatureAggregation.ensemble(alpha, finals));
            outputs.add(alpha);
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long b = in.get(0);
        int stride = architecture.heatmapStride();
        Shape heatmap = new Shape(b, architecture.joints(), in.get(2) / stride, in.get(3) / stride);
        int n = heatmapLayout().heatmapCount();
        Shape[] shapes = new Shape[fau == null ? n : n + 2];
        Arrays.fill(shapes, heatmap);
        if (fau != null) {
            shapes[n + 1] = new Shape(b, architecture.branchCount(), architecture.joints());
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        architecture.requireInputSize(inputs[0].get(2), inputs[0].get(3));
        Shape features = trunk.initialize(manager, dataType, inputs[0]);
        for (Branch branch : branches) {
            branch.initialize(manager, dataType, features);
        }
        if (fau != null) {
            fau.initialize(manager, dataType, features);
        }
    }

    /**
     * Names as in the authors' OKDHP code ({@code ind_s_k}, {@code ind_b_b_s_k}, FAU {@code convs/fc/fcs});
     * a student's {@code backbone.*}, {@code heads.{b}.*}, {@code fau.*} (method doc section 9).
     */
    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        if (!prefix.isEmpty()) {
            throw new IllegalArgumentException("the OKDHP layout has no prefix");
        }
        trunk.collectTorchParameters(prefix, into);
        for (int b = 0; b < branches.size(); b++) {
            branches.get(b).collectTorchParameters(b, into);
        }
        if (fau != null) {
            fau.collectTorchParameters(
                    architecture.backbone().isStudent() ? STUDENT_FAU_PREFIX : HOURGLASS_FAU_PREFIX, into);
        }
    }

    /** A light student's shared backbone under torchvision's names, as an ImageNet state_dict holds them. */
    public TorchParameters backboneParameters() {
        if (!(trunk instanceof BackboneTrunk backbone)) {
            throw new IllegalStateException("the stacked hourglass has no ImageNet backbone (model.backbone is "
                    + architecture.backbone() + ")");
        }
        return backbone.torchvisionParameters();
    }

    /** The authors' OKDHP names. */
    public TorchParameters okdhpParameters() {
        return TorchParameters.of(this, "");
    }

    /**
     * The names of the deployed network (pytorch-pose {@code HourglassNet}'s: {@code conv1, bn1,
     * layer1..3, hg.i, res.i, fc.i, score.i, fc_.i, score_.i}) of a single-branch network such as a
     * pruned one.
     */
    public TorchParameters deployedParameters() {
        if (branches.size() != 1) {
            throw new IllegalStateException(
                    "deployed names need a single-branch network; prune first (K = " + branches.size() + ")");
        }
        return deployedParameters(0);
    }

    /**
     * The trunk and branch b under the deployed network's names: exactly the parameters of the
     * network that branch becomes when pruned.
     */
    public TorchParameters deployedParameters(int branch) {
        TorchParameters into = new TorchParameters();
        trunk.collectDeployedParameters(into);
        branches.get(branch).collectDeployedParameters(trunk, into);
        return into;
    }

    /** The ONNX input's name: images [N, 3, H, W], float32, normalised as in training. */
    public static final String ONNX_INPUT = "input";
    /** The ONNX output's name: the deployed prediction [N, J, H/stride, W/stride]. */
    public static final String ONNX_OUTPUT = "heatmaps";
    private static final int RGB = 3;

    /**
     * Branch b's deployed prediction, its final heatmap, as an ONNX model (opset
     * {@link OnnxGraph#OPSET}) under the deployed network's names: input {@link #ONNX_INPUT}
     * [N, 3, height, width] with a dynamic batch N, output {@link #ONNX_OUTPUT}; inference-mode
     * layers, each batch norm that follows a convolution folded into it ({@link FoldedConv}).
     * {@code metadata} becomes the model's metadata_props. Checked before it is returned
     * ({@link OnnxModelCheck}).
     */
    public ModelProto toOnnx(int branch, long height, long width, String producerVersion, Map<String, String> metadata) {
        architecture.requireInputSize(height, width);
        OnnxGraph graph = new OnnxGraph("okdhp");
        String features = trunk.deployedToOnnx(graph, graph.input(ONNX_INPUT, RGB, height, width));
        String heatmap = branches.get(branch).deployedToOnnx(graph, features, trunk);
        int stride = architecture.heatmapStride();
        graph.output(heatmap, ONNX_OUTPUT, architecture.joints(), height / stride, width / stride);
        ModelProto model = graph.model("okdhp", producerVersion, metadata);
        OnnxModelCheck.require(model);
        return model;
    }

    /** Builds an {@link OkdhpNetwork}; the defaults are {@link OkdhpArchitecture#PAPER}'s. */
    public static final class Builder {
        private int features = OkdhpArchitecture.PAPER.features();
        private int joints = OkdhpArchitecture.PAPER.joints();
        private int sharedStacks = OkdhpArchitecture.PAPER.sharedStacks();
        private List<Integer> branches = OkdhpArchitecture.PAPER.branches();
        private int depth = OkdhpArchitecture.PAPER.hourglassDepth();
        private FauVariant fau = OkdhpArchitecture.PAPER.fau();
        private ActivationLayout layout = ActivationLayout.AUTO;
        private Backbone backbone = Backbone.HOURGLASS;

        public Builder features(int features) {
            this.features = features;
            return this;
        }

        public Builder joints(int joints) {
            this.joints = joints;
            return this;
        }

        public Builder sharedStacks(int sharedStacks) {
            this.sharedStacks = sharedStacks;
            return this;
        }

        public Builder branches(Integer... stacksPerBranch) {
            this.branches = List.of(stacksPerBranch);
            return this;
        }

        public Builder branches(List<Integer> stacksPerBranch) {
            this.branches = List.copyOf(stacksPerBranch);
            return this;
        }

        public Builder hourglassDepth(int depth) {
            this.depth = depth;
            return this;
        }

        public Builder fau(FauVariant fau) {
            this.fau = fau;
            return this;
        }

        /** A student backbone: then {@code sharedStacks(0)} and branches of 1 head each. */
        public Builder backbone(Backbone backbone) {
            this.backbone = backbone;
            return this;
        }

        public Builder layout(ActivationLayout layout) {
            this.layout = layout;
            return this;
        }

        public OkdhpArchitecture architecture() {
            return new OkdhpArchitecture(features, joints, sharedStacks, branches, depth, fau, backbone);
        }

        public OkdhpNetwork build() {
            return new OkdhpNetwork(architecture(), layout);
        }
    }
}
