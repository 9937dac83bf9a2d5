package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
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
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The stem that takes the image to a quarter of its size: conv7x7/2 (3 to F/4) - BN - ReLU;
 * Residual(F/4 to F/2); maxpool 2x2; Residual(F/2 to F); Residual(F to F).
 */
public final class Stem extends OkdhpBlock implements TorchNamed {

    private static final int RGB = 3;
    private static final int CONV_KERNEL = 7;
    private static final int CONV_STRIDE = 2;
    /** {@link Layers#maxPool2x2}'s. */
    private static final int POOL_STRIDE = 2;
    /**
     * Input pixels per output pixel (4). The hourglasses keep the size, so this is also the
     * network's heatmap stride.
     */
    public static final int STRIDE = CONV_STRIDE * POOL_STRIDE;

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Residual layer1;
    private final Residual layer2;
    private final Residual layer3;

    private Stem(int features) {
        conv1 = addChildBlock("conv1", Layers.imageConv(RGB, CONV_KERNEL, features / 4, CONV_STRIDE));
        bn1 = addChildBlock("bn1", Layers.bn());
        layer1 = addChildBlock("layer1", Residual.of(features / 4, features / 4));
        layer2 = addChildBlock("layer2", Residual.of(features / 2, features / 2));
        layer3 = addChildBlock("layer3", Residual.keeping(features));
    }

    public static Stem of(int features) {
        return new Stem(features);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Layers.convBatchNormRelu(conv1, bn1, ps, inputs.singletonOrThrow(), training);
        x = apply(layer1, ps, x, training);
        x = apply(layer2, ps, Layers.maxPool2x2(x), training);
        return new NDList(apply(layer3, ps, x, training));
    }

    /** The stem in inference as ONNX nodes under PyTorch names ({@code conv1} with {@code bn1} folded in, {@code layer1.0} ...). */
    public String toOnnx(OnnxGraph graph, String images) {
        String x = OnnxLayers.convBatchNormRelu(graph, images, conv1, bn1, "conv1");
        x = layer1.toOnnx(graph, x, "layer1.0");
        x = OnnxLayers.maxPool2x2(graph, x, "pool");
        x = layer2.toOnnx(graph, x, "layer2.0");
        return layer3.toOnnx(graph, x, "layer3.0");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long features = 4 * Layers.outputShape(conv1, in).get(1);
        return new Shape[] {new Shape(in.get(0), features, in.get(2) / STRIDE, in.get(3) / STRIDE)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = init(conv1, manager, dataType, inputs[0]);
        init(bn1, manager, dataType, s);
        s = init(layer1, manager, dataType, s);
        s = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
        s = init(layer2, manager, dataType, s);
        init(layer3, manager, dataType, s);
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        into.conv(join(prefix, "conv1"), conv1).bn(join(prefix, "bn1"), bn1)
                .child(join(prefix, "layer1.0"), layer1)
                .child(join(prefix, "layer2.0"), layer2)
                .child(join(prefix, "layer3.0"), layer3);
    }
}
