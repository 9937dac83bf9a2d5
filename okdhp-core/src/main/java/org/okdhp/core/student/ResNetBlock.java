package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.okdhp.core.model.OnnxLayers;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * torchvision's ResNet blocks: ReLU(units(x) + shortcut(x)), the units {@code conv1/bn1,
 * conv2/bn2[, conv3/bn3]} with ReLU between them, the shortcut the input or, when the width or
 * size changes, {@code downsample} = [conv1x1 with the block's stride, BN].
 */
final class ResNetBlock extends ConvChain implements TorchNamed {

    /** A Bottleneck's output is this many times its width. */
    static final int BOTTLENECK_EXPANSION = 4;

    private static final List<String> UNIT_NAMES = List.of("unit1", "unit2", "unit3");

    private final ConvBn downsample;

    private ResNetBlock(List<ConvBn> units, int in, int out, int stride) {
        super(units, UNIT_NAMES);
        downsample = in != out || stride != 1
                ? addChildBlock("downsample", ConvBn.of(in, 1, out, stride, 1, ConvBn.Act.NONE))
                : null;
    }

    /** BasicBlock: 3x3 (stride) - BN - ReLU - 3x3 - BN, out = width. */
    static ResNetBlock basic(int in, int width, int stride) {
        return new ResNetBlock(List.of(ConvBn.of(in, 3, width, stride, 1, ConvBn.Act.RELU),
                ConvBn.of(width, 3, width, 1, 1, ConvBn.Act.NONE)), in, width, stride);
    }

    /** Bottleneck (v1.5, stride on the 3x3): 1x1 - 3x3 (stride) - 1x1 to 4 x width. */
    static ResNetBlock bottleneck(int in, int width, int stride) {
        int out = BOTTLENECK_EXPANSION * width;
        return new ResNetBlock(List.of(ConvBn.of(in, 1, width, 1, 1, ConvBn.Act.RELU),
                ConvBn.of(width, 3, width, stride, 1, ConvBn.Act.RELU),
                ConvBn.of(width, 1, out, 1, 1, ConvBn.Act.NONE)), in, out, stride);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray shortcut = downsample == null ? x : apply(downsample, ps, x, training);
        // In place on the last batch norm's output, which its backward does not need.
        return new NDList(Activation.relu(chain(ps, x, training).addi(shortcut)));
    }

    String toOnnx(OnnxGraph graph, String x, String name) {
        String y = x;
        for (int i = 0; i < units.size(); i++) {
            y = units.get(i).toOnnxAs(graph, y, join(name, "conv" + (i + 1)));
        }
        String shortcut = downsample == null ? x : downsample.toOnnx(graph, x, join(name, "downsample"));
        return OnnxLayers.relu(graph, OnnxLayers.add(graph, y, shortcut, join(name, "add")), join(name, "relu"));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        super.initializeChildBlocks(manager, dataType, inputs);
        if (downsample != null) {
            init(downsample, manager, dataType, inputs[0]);
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        for (int i = 0; i < units.size(); i++) {
            units.get(i).collect(into, join(prefix, "conv" + (i + 1)), join(prefix, "bn" + (i + 1)));
        }
        if (downsample != null) {
            into.child(join(prefix, "downsample"), downsample);
        }
    }
}
