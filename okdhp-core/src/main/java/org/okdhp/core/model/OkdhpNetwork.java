package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.fau.FeatureAggregationUnit;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.onnx.OnnxModelCheck;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The OKDHP network: stem, S shared stacks, K branches of stacks that all start from the shared
 * output, and (K > 1) the Feature Aggregation Unit that weighs the branches' final heatmaps into
 * an ensemble. With one branch and nothing shared it is exactly the plain stacked hourglass.
 *
 * <p>Input [B, 3, H, W] with H and W multiples of {@link OkdhpArchitecture#inputDivisor()};
 * output as described by {@link OkdhpOutput}. Activations are laid out as the
 * {@link ActivationLayout} says (by default channels-last for inference on CPUs), so outputs may
 * carry NHWC strides: shapes and values are the same either way.
 */
public final class OkdhpNetwork extends OkdhpBlock implements TorchNamed {

    private static final String FAU_PREFIX = "";
    private static final int RGB = 3;

    private final OkdhpArchitecture architecture;
    private final ActivationLayout layout;
    private final Stem stem;
    private final List<Stack> shared = new ArrayList<>();
    private final List<List<Stack>> branches = new ArrayList<>();
    private final FeatureAggregationUnit fau;

    private OkdhpNetwork(OkdhpArchitecture a, ActivationLayout layout) {
        this.architecture = a;
        this.layout = layout;
        stem = addChildBlock("stem", Stem.of(a.features()));
        for (int k = 0; k < a.sharedStacks(); k++) {
            shared.add(addChildBlock("shared" + k, Stack.feeding(a.hourglassDepth(), a.features(), a.joints())));
        }
        for (int b = 0; b < a.branchCount(); b++) {
            List<Stack> branch = new ArrayList<>();
            int n = a.branches().get(b);
            for (int k = 0; k < n; k++) {
                Stack stack = k < n - 1
                        ? Stack.feeding(a.hourglassDepth(), a.features(), a.joints())
                        : Stack.last(a.hourglassDepth(), a.features(), a.joints());
                branch.add(addChildBlock("branch" + b + "stack" + k, stack));
            }
            branches.add(branch);
        }
        fau = a.branchCount() > 1
                ? addChildBlock("fau", FeatureAggregationUnit.of(a.features(), a.joints(), a.branchCount(), a.fau()))
                : null;
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
        return layout;
    }

    /** Runs the network and views the result. */
    public OkdhpOutput run(ParameterStore ps, NDArray images, boolean training) {
        return new OkdhpOutput(architecture, forward(ps, new NDList(images), training));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        NDArray arranged = layout.arrange(images, training);
        PairList<String, Object> arrangedAs = layout.on(images.getDevice(), training).asForwardParameter();
        NDArray s0 = apply(stem, ps, arranged, training);
        if (arranged != images) {
            arranged.close();
        }
        NDList outputs = new NDList(architecture.totalStacks() + 2);
        NDArray x = runChain(shared, s0, ps, training, arrangedAs, outputs);
        NDList finals = training && branches.size() > 1
                ? runBranchesInStep(x, ps, arrangedAs, outputs)
                : runBranchesApart(x, ps, training, arrangedAs, outputs);
        if (x != s0) {
            x.close();
        }
        if (fau != null) {
            NDArray alpha = apply(fau, ps, s0, training);
            outputs.add(FeatureAggregationUnit.ensemble(alpha, finals));
            outputs.add(alpha);
        }
        s0.close();
        return outputs;
    }

    /**
     * Runs each branch on its own from the shared features {@code x}, adding its heatmaps to
     * {@code heatmaps}; returns the branches' final heatmaps. A branch computes exactly what its
     * pruned network computes.
     */
    private NDList runBranchesApart(NDArray x, ParameterStore ps, boolean training, PairList<String, Object> arrangedAs,
            NDList heatmaps) {
        NDList finals = new NDList(branches.size());
        for (List<Stack> branch : branches) {
            runChain(branch, x, ps, training, arrangedAs, heatmaps);
            finals.add(heatmaps.get(heatmaps.size() - 1));
        }
        return finals;
    }

    /**
     * The same in training, with the branches run in step, stack by stack, so that the small levels
     * of their hourglasses run side by side ({@link SideBySide}): a faster step, equal to the
     * branches run apart to float32 rounding. Heatmaps are added in the same order, branch after
     * branch.
     */
    private NDList runBranchesInStep(NDArray x, ParameterStore ps, PairList<String, Object> arrangedAs,
            NDList heatmaps) {
        ActivationLayout layout = ActivationLayout.of(arrangedAs);
        List<NDList> perBranch = new ArrayList<>();
        List<NDArray> inputs = new ArrayList<>();
        for (List<Stack> branch : branches) {
            perBranch.add(new NDList(branch.size()));
            inputs.add(x);
        }
        int longest = architecture.branches().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            final int position = k;
            List<Integer> active = IntStream.range(0, branches.size())
                    .filter(b -> position < branches.get(b).size()).boxed().toList();
            List<Hourglass> hourglasses = active.stream().map(b -> branches.get(b).get(position).hourglass()).toList();
            List<NDArray> xs = active.stream().map(inputs::get).toList();
            List<NDArray> hourglassOutputs = Hourglass.forwardTogether(hourglasses, xs, ps, true, layout);
            for (int i = 0; i < active.size(); i++) {
                int b = active.get(i);
                Stack stack = branches.get(b).get(k);
                NDList out = stack.afterHourglass(ps, xs.get(i), hourglassOutputs.get(i), true);
                perBranch.get(b).add(out.get(0));
                if (xs.get(i) != x) {
                    xs.get(i).close();
                }
                inputs.set(b, stack.feedsNext() ? out.get(1) : null);
            }
        }
        NDList finals = new NDList(branches.size());
        for (NDList branchHeatmaps : perBranch) {
            heatmaps.addAll(branchHeatmaps);
            finals.add(branchHeatmaps.get(branchHeatmaps.size() - 1));
        }
        return finals;
    }

    /**
     * Runs stacks in sequence, collecting their heatmaps; returns the features the last one passes
     * on. Features passed between stacks of the chain are freed once the next stack has run; the
     * chain's input stays with the caller.
     */
    private static NDArray runChain(List<Stack> chain, NDArray input, ParameterStore ps, boolean training,
            PairList<String, Object> arrangedAs, NDList heatmaps) {
        NDArray x = input;
        for (Stack stack : chain) {
            NDList out = stack.forward(ps, new NDList(x), training, arrangedAs);
            heatmaps.add(out.get(0));
            if (stack.feedsNext()) {
                if (x != input) {
                    x.close();
                }
                x = out.get(1);
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long b = in.get(0);
        long h = in.get(2) / OkdhpArchitecture.STEM_STRIDE;
        long w = in.get(3) / OkdhpArchitecture.STEM_STRIDE;
        Shape heatmap = new Shape(b, architecture.joints(), h, w);
        int n = architecture.totalStacks();
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
        Shape features = init(stem, manager, dataType, inputs[0]);
        for (Stack stack : shared) {
            init(stack, manager, dataType, features);
        }
        for (List<Stack> branch : branches) {
            for (Stack stack : branch) {
                init(stack, manager, dataType, features);
            }
        }
        if (fau != null) {
            init(fau, manager, dataType, features);
        }
    }

    /** The stacks from the stem to branch b's final heatmap: shared ones, then branch b's. */
    public List<Stack> chainTo(int branch) {
        List<Stack> chain = new ArrayList<>(shared);
        chain.addAll(branches.get(branch));
        return chain;
    }

    public Stem stem() {
        return stem;
    }

    /** Names as in the authors' OKDHP code ({@code ind_s_k}, {@code ind_b_b_s_k}, FAU {@code convs/fc/fcs}). */
    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        if (!prefix.isEmpty()) {
            throw new IllegalArgumentException("the OKDHP layout has no prefix");
        }
        stem.collectTorchParameters(prefix, into);
        for (int k = 0; k < shared.size(); k++) {
            shared.get(k).collectTorchParameters(StackNames.okdhpShared(k), into);
        }
        for (int b = 0; b < branches.size(); b++) {
            for (int k = 0; k < branches.get(b).size(); k++) {
                branches.get(b).get(k).collectTorchParameters(StackNames.okdhpBranch(b, k), into);
            }
        }
        if (fau != null) {
            fau.collectTorchParameters(FAU_PREFIX, into);
        }
    }

    /** The authors' OKDHP names. */
    public TorchParameters okdhpParameters() {
        return TorchParameters.of(this, "");
    }

    /**
     * pytorch-pose {@code HourglassNet} names ({@code conv1, bn1, layer1..3, hg.i, res.i, fc.i,
     * score.i, fc_.i, score_.i}) for a single-branch network such as a pruned one.
     */
    public TorchParameters hourglassNetParameters() {
        if (branches.size() != 1) {
            throw new IllegalStateException(
                    "HourglassNet names need a single-branch network; prune first (K = " + branches.size() + ")");
        }
        return hourglassNetParameters(0);
    }

    /**
     * The stem and the stacks leading to branch b's final heatmap under {@code HourglassNet}
     * names: exactly the parameters of the plain hourglass that branch becomes when pruned.
     */
    public TorchParameters hourglassNetParameters(int branch) {
        TorchParameters into = new TorchParameters();
        stem.collectTorchParameters("", into);
        List<Stack> chain = chainTo(branch);
        for (int i = 0; i < chain.size(); i++) {
            chain.get(i).collectTorchParameters(StackNames.hourglassNet(i), into);
        }
        return into;
    }

    /** The ONNX input's name: images [N, 3, H, W], float32, normalised as in training. */
    public static final String ONNX_INPUT = "input";
    /** The ONNX output's name: the deployed prediction [N, J, H/4, W/4]. */
    public static final String ONNX_OUTPUT = "heatmaps";

    /**
     * Branch b's deployed prediction, the last heatmap of the stacks leading to it, as an ONNX model
     * (opset {@link OnnxGraph#OPSET}) under {@code HourglassNet} names: input {@link #ONNX_INPUT}
     * [N, 3, height, width] with a dynamic batch N, output {@link #ONNX_OUTPUT}; inference-mode
     * layers, each batch norm that follows a convolution folded into it ({@link FoldedConv}).
     * {@code metadata} becomes the model's metadata_props. Checked before it is returned
     * ({@link OnnxModelCheck}).
     */
    public ModelProto toOnnx(int branch, long height, long width, String producerVersion, Map<String, String> metadata) {
        architecture.requireInputSize(height, width);
        OnnxGraph graph = new OnnxGraph("okdhp_hourglass");
        String features = stem.toOnnx(graph, graph.input(ONNX_INPUT, RGB, height, width));
        String heatmap = null;
        List<Stack> chain = chainTo(branch);
        for (int i = 0; i < chain.size(); i++) {
            Stack.OnnxOutputs out = chain.get(i).toOnnx(graph, features, StackNames.hourglassNet(i));
            heatmap = out.heatmap();
            features = out.next();
        }
        graph.output(heatmap, ONNX_OUTPUT, architecture.joints(), height / OkdhpArchitecture.STEM_STRIDE,
                width / OkdhpArchitecture.STEM_STRIDE);
        ModelProto model = graph.model("okdhp", producerVersion, metadata);
        OnnxModelCheck.require(model);
        return model;
    }

    /** Builds an {@link OkdhpNetwork}; defaults are the paper's 4-stack target, 2 shared + 3 x 2, MPII joints. */
    public static final class Builder {
        private int features = OkdhpArchitecture.DEFAULT_FEATURES;
        private int joints = 16;
        private int sharedStacks = 2;
        private List<Integer> branches = List.of(2, 2, 2);
        private int depth = OkdhpArchitecture.DEFAULT_DEPTH;
        private FauVariant fau = FauVariant.RELEASED;
        private ActivationLayout layout = ActivationLayout.AUTO;

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

        public Builder layout(ActivationLayout layout) {
            this.layout = layout;
            return this;
        }

        public OkdhpArchitecture architecture() {
            return new OkdhpArchitecture(features, joints, sharedStacks, branches, depth, fau);
        }

        public OkdhpNetwork build() {
            return new OkdhpNetwork(architecture(), layout);
        }
    }
}
