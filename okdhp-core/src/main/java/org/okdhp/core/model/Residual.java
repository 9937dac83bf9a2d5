package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.preActivatedConv;
import static org.okdhp.core.model.Layers.init;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The pre-activation bottleneck of the stacked hourglass: BN-ReLU-conv1x1 (C to m),
 * BN-ReLU-conv3x3 (m to m), BN-ReLU-conv1x1 (m to 2m), plus the input, or a bias-only 1x1
 * projection of it when C != 2m. No activation after the sum.
 */
public final class Residual extends OkdhpBlock implements TorchNamed {

    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;
    private final BatchNorm bn3;
    private final Conv2d conv3;
    private final Conv2d downsample;

    private Residual(int in, int mid) {
        int out = 2 * mid;
        bn1 = addChildBlock("bn1", Layers.bn());
        conv1 = addChildBlock("conv1", Layers.conv(in, 1, mid));
        bn2 = addChildBlock("bn2", Layers.bn());
        conv2 = addChildBlock("conv2", Layers.conv(mid, 3, mid));
        bn3 = addChildBlock("bn3", Layers.bn());
        conv3 = addChildBlock("conv3", Layers.conv(mid, 1, out));
        downsample = in == out ? null : addChildBlock("downsample", Layers.conv(in, 1, out));
    }

    /** A residual from {@code in} channels to {@code 2 * mid}. */
    public static Residual of(int in, int mid) {
        return new Residual(in, mid);
    }

    /** The hourglass's width-preserving residual, F to F with mid F/2. */
    public static Residual keeping(int features) {
        return new Residual(features, features / 2);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = preActivatedConv(bn1, conv1, ps, x, training);
        y = preActivatedConv(bn2, conv2, ps, y, training);
        y = preActivatedConv(bn3, conv3, ps, y, training);
        NDArray skip = projects() ? apply(downsample, ps, x, training) : x;
        // In place: nothing keeps conv3's output for backward.
        return new NDList(y.addi(skip));
    }

    /** Whether the skip path is a 1x1 projection (the widths differ) rather than the input itself. */
    boolean projects() {
        return downsample != null;
    }

    /** The three pre-activation units' batch norms, in order (for {@link SideBySide}). */
    List<BatchNorm> norms() {
        return List.of(bn1, bn2, bn3);
    }

    /** The three pre-activation units' convolutions, in order. */
    List<Conv2d> convs() {
        return List.of(conv1, conv2, conv3);
    }

    /**
     * This residual in inference as ONNX nodes under PyTorch names {@code name.bn1 ...}; returns its
     * output. bn2 and bn3 each follow a convolution and are folded into it (so {@code conv1} and
     * {@code conv2} carry their batch norm's scale and shift); bn1 follows the block's input and
     * stays a batch norm.
     */
    public String toOnnx(OnnxGraph graph, String x, String name) {
        String y = OnnxLayers.relu(graph, OnnxLayers.batchNorm(graph, x, bn1, join(name, "bn1")),
                join(name, "bn1.relu"));
        y = OnnxLayers.convBatchNormRelu(graph, y, conv1, bn2, join(name, "conv1"));
        y = OnnxLayers.convBatchNormRelu(graph, y, conv2, bn3, join(name, "conv2"));
        y = OnnxLayers.conv(graph, y, conv3, join(name, "conv3"));
        String skip = projects() ? OnnxLayers.conv(graph, x, downsample, join(name, "downsample.0")) : x;
        return OnnxLayers.add(graph, y, skip, join(name, "sum"));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {Layers.outputShape(conv3, Layers.outputShape(conv1, in))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape in = inputs[0];
        init(bn1, manager, dataType, in);
        Shape s = init(conv1, manager, dataType, in);
        init(bn2, manager, dataType, s);
        s = init(conv2, manager, dataType, s);
        init(bn3, manager, dataType, s);
        init(conv3, manager, dataType, s);
        if (downsample != null) {
            init(downsample, manager, dataType, in);
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        into.bn(join(prefix, "bn1"), bn1).conv(join(prefix, "conv1"), conv1)
                .bn(join(prefix, "bn2"), bn2).conv(join(prefix, "conv2"), conv2)
                .bn(join(prefix, "bn3"), bn3).conv(join(prefix, "conv3"), conv3);
        if (downsample != null) {
            into.conv(join(prefix, "downsample.0"), downsample);
        }
    }
}
