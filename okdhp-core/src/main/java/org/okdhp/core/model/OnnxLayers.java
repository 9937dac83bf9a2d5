package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;
import org.okdhp.core.onnx.OnnxGraph;

/**
 * The layers okdhp's networks are made of, as ONNX nodes: each takes the graph, its input value
 * and a name (the layer's PyTorch name, so a viewer shows the graph as the state_dict names it)
 * and returns its output value. The same semantics as {@link Layers} in inference.
 */
public final class OnnxLayers {

    /** Nearest-neighbour x2 upsampling of [N, C, H, W]: the batch and channel axes keep their size. */
    private static final float[] UPSAMPLE_2X = {1f, 1f, 2f, 2f};
    private static final long[] POOL_2X2 = {2, 2};
    private static final float RELU6_MAX = 6f;

    private OnnxLayers() {}

    /** A convolution with its own weight and bias. */
    public static String conv(OnnxGraph graph, String x, Conv2d conv, String name) {
        var p = conv.getParameters();
        return conv(graph, x, conv, name, p.get("weight").getArray(), p.get("bias").getArray());
    }

    /** {@code bn(conv(x))} as one convolution ({@link FoldedConv}). */
    public static String convBatchNorm(OnnxGraph graph, String x, Conv2d conv, BatchNorm bn, String name) {
        FoldedConv folded = FoldedConv.of(conv, bn);
        return conv(graph, x, conv, name, folded.weight(), folded.bias());
    }

    private static String conv(OnnxGraph graph, String x, Conv2d conv, String name, NDArray weight, NDArray bias) {
        Shape kernel = conv.getKernelShape();
        Shape padding = conv.getPadding();
        return graph.node("Conv", name, List.of(x, graph.initializer(name + ".weight", weight),
                        graph.initializer(name + ".bias", bias)),
                OnnxGraph.attribute("kernel_shape", kernel.getShape()),
                OnnxGraph.attribute("strides", conv.getStride().getShape()),
                OnnxGraph.attribute("dilations", conv.getDilation().getShape()),
                OnnxGraph.attribute("pads", padding.get(0), padding.get(1), padding.get(0), padding.get(1)),
                OnnxGraph.attribute("group", (long) conv.getGroups()));
    }

    /** An inference-mode batch norm (running statistics). */
    public static String batchNorm(OnnxGraph graph, String x, BatchNorm bn, String name) {
        var p = bn.getParameters();
        return graph.node("BatchNormalization", name, List.of(x,
                        graph.initializer(name + ".weight", p.get("gamma").getArray()),
                        graph.initializer(name + ".bias", p.get("beta").getArray()),
                        graph.initializer(name + ".running_mean", p.get("runningMean").getArray()),
                        graph.initializer(name + ".running_var", p.get("runningVar").getArray())),
                OnnxGraph.attribute("epsilon", Layers.BN_EPSILON));
    }

    /** ReLU(BN(conv(x))), the post-activation unit, with the batch norm folded into the convolution. */
    public static String convBatchNormRelu(OnnxGraph graph, String x, Conv2d conv, BatchNorm bn, String name) {
        return relu(graph, convBatchNorm(graph, x, conv, bn, name), name + ".relu");
    }

    /** A transposed convolution without bias, its weight [in, out, k, k] as PyTorch's. */
    public static String convTranspose(OnnxGraph graph, String x, NDArray weight, long stride, long padding,
            String name) {
        return graph.node("ConvTranspose", name, List.of(x, graph.initializer(name + ".weight", weight)),
                OnnxGraph.attribute("kernel_shape", weight.getShape().get(2), weight.getShape().get(3)),
                OnnxGraph.attribute("strides", stride, stride),
                OnnxGraph.attribute("pads", padding, padding, padding, padding));
    }

    /** min(max(x, 0), 6), PyTorch's ReLU6. */
    public static String relu6(OnnxGraph graph, String x, String name) {
        return graph.node("Clip", name, List.of(x, graph.floatScalar(name + ".min", 0f),
                graph.floatScalar(name + ".max", RELU6_MAX)));
    }

    /** Max pooling with a square window, stride and padding (padded cells never win, as in PyTorch). */
    public static String maxPool(OnnxGraph graph, String x, String name, Shape window, Shape stride, Shape padding) {
        return graph.node("MaxPool", name, List.of(x), OnnxGraph.attribute("kernel_shape", window.getShape()),
                OnnxGraph.attribute("strides", stride.getShape()),
                OnnxGraph.attribute("pads", padding.get(0), padding.get(1), padding.get(0), padding.get(1)));
    }

    public static String relu(OnnxGraph graph, String x, String name) {
        return graph.node("Relu", name, List.of(x));
    }

    /** 2x2 max pooling with stride 2, no padding. */
    public static String maxPool2x2(OnnxGraph graph, String x, String name) {
        return graph.node("MaxPool", name, List.of(x), OnnxGraph.attribute("kernel_shape", POOL_2X2),
                OnnxGraph.attribute("strides", POOL_2X2));
    }

    /** Nearest-neighbour x2 upsampling: output pixel (y, x) is input pixel (y / 2, x / 2), as PyTorch's. */
    public static String upsampleNearest2x(OnnxGraph graph, String x, String name) {
        return graph.node("Resize", name, List.of(x, "", graph.floatInitializer(name + ".scales", UPSAMPLE_2X)),
                OnnxGraph.attribute("mode", "nearest"),
                OnnxGraph.attribute("coordinate_transformation_mode", "asymmetric"),
                OnnxGraph.attribute("nearest_mode", "floor"));
    }

    public static String add(OnnxGraph graph, String a, String b, String name) {
        return graph.node("Add", name, List.of(a, b));
    }
}
