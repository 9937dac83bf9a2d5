package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * One stack: hourglass; residual; conv1x1-BN-ReLU (conv before BN here) giving y; score =
 * conv1x1(F to J)(y). A stack that feeds another also remaps: x + conv(y) + conv(score).
 * Output: [heatmap] for the last stack of a chain, [heatmap, next input] otherwise.
 */
public final class Stack extends OkdhpBlock {

    private final Hourglass hourglass;
    private final Residual residual;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Conv2d score;
    private final Conv2d remapFeatures;
    private final Conv2d remapScore;

    private Stack(int depth, int features, int joints, boolean feedsNext) {
        hourglass = addChildBlock("hourglass", Hourglass.of(depth, features));
        residual = addChildBlock("residual", Residual.keeping(features));
        conv = addChildBlock("conv", Layers.conv(features, 1, features));
        bn = addChildBlock("bn", Layers.bn());
        score = addChildBlock("score", Layers.conv(features, 1, joints));
        remapFeatures = feedsNext ? addChildBlock("remapFeatures", Layers.conv(features, 1, features)) : null;
        remapScore = feedsNext ? addChildBlock("remapScore", Layers.conv(joints, 1, features)) : null;
    }

    /** A stack whose output feeds another stack (it has the two remap convolutions). */
    public static Stack feeding(int depth, int features, int joints) {
        return new Stack(depth, features, joints, true);
    }

    /** The last stack of a chain: it only scores. */
    public static Stack last(int depth, int features, int joints) {
        return new Stack(depth, features, joints, false);
    }

    Hourglass hourglass() {
        return hourglass;
    }

    public boolean feedsNext() {
        return remapFeatures != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return afterHourglass(ps, x, apply(hourglass, ps, x, training), training);
    }

    /**
     * The rest of the stack once its hourglass has turned the stack's input {@code x} into
     * {@code hourglassOutput}; the same output as {@link #forward}.
     */
    NDList afterHourglass(ParameterStore ps, NDArray x, NDArray hourglassOutput, boolean training) {
        NDArray y = Layers.convBatchNormRelu(conv, bn, ps, apply(residual, ps, hourglassOutput, training), training);
        NDArray heatmap = apply(score, ps, y, training);
        if (!feedsNext()) {
            return new NDList(heatmap);
        }
        NDArray next = x.add(apply(remapFeatures, ps, y, training)).addi(apply(remapScore, ps, heatmap, training));
        return new NDList(heatmap, next);
    }

    /** A stack's ONNX values: its heatmap, and the next stack's input (null for the last stack of a chain). */
    public record OnnxOutputs(String heatmap, String next) {}

    /** This stack in inference as ONNX nodes under {@code names}, as {@link #afterHourglass} (its conv's batch norm folded in). */
    public OnnxOutputs toOnnx(OnnxGraph graph, String x, StackNames names) {
        String features = residual.toOnnx(graph, hourglass.toOnnx(graph, x, names.hourglass()), names.residual());
        String y = OnnxLayers.convBatchNormRelu(graph, features, conv, bn, names.conv());
        String heatmap = OnnxLayers.conv(graph, y, score, names.score());
        if (!feedsNext()) {
            return new OnnxOutputs(heatmap, null);
        }
        String remapped = OnnxLayers.add(graph, x, OnnxLayers.conv(graph, y, remapFeatures, names.remapFeatures()),
                names.remapFeatures() + ".sum");
        String next = OnnxLayers.add(graph, remapped, OnnxLayers.conv(graph, heatmap, remapScore, names.remapScore()),
                names.remapScore() + ".sum");
        return new OnnxOutputs(heatmap, next);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape heatmap = Layers.outputShape(score, inputs[0]);
        return feedsNext() ? new Shape[] {heatmap, inputs[0]} : new Shape[] {heatmap};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape x = inputs[0];
        init(hourglass, manager, dataType, x);
        init(residual, manager, dataType, x);
        init(conv, manager, dataType, x);
        init(bn, manager, dataType, x);
        Shape heatmap = init(score, manager, dataType, x);
        if (feedsNext()) {
            init(remapFeatures, manager, dataType, x);
            init(remapScore, manager, dataType, heatmap);
        }
    }

    /** Lists this stack's parameters under the given PyTorch layout. */
    public void collectTorchParameters(StackNames names, TorchParameters into) {
        into.child(names.hourglass(), hourglass).child(names.residual(), residual)
                .conv(names.conv(), conv).bn(names.bn(), bn).conv(names.score(), score);
        if (feedsNext()) {
            into.conv(names.remapFeatures(), remapFeatures).conv(names.remapScore(), remapScore);
        }
    }
}
