package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OnnxLayers;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * torchvision's ResNet without {@code avgpool} and {@code fc}: conv1 7x7/2 - bn1 - relu - maxpool
 * 3x3/2 - layer1..layer4 of widths 64, 128, 256, 512 (the last three start with stride 2).
 */
final class ResNet extends StudentBackbone {

    private static final int STEM_KERNEL = 7;
    private static final int STEM_STRIDE = 2;
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final Shape POOL_WINDOW = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(2, 2);
    private static final Shape POOL_PADDING = new Shape(1, 1);

    /** Makes a block of a stage: (in, width, stride). */
    private interface BlockMaker {
        ResNetBlock make(int in, int width, int stride);
    }

    private final ConvBn stem;
    private final List<List<ResNetBlock>> layers = new ArrayList<>();
    private final int channels;

    private ResNet(BlockMaker block, int expansion, int... blocksPerLayer) {
        stem = addChildBlock("stem", ConvBn.onImages(STEM_KERNEL, WIDTHS[0], STEM_STRIDE, ConvBn.Act.RELU));
        int in = WIDTHS[0];
        for (int layer = 0; layer < WIDTHS.length; layer++) {
            List<ResNetBlock> blocks = new ArrayList<>();
            for (int i = 0; i < blocksPerLayer[layer]; i++) {
                int stride = i == 0 && layer > 0 ? 2 : 1;
                blocks.add(addChildBlock("layer" + (layer + 1) + "_" + i, block.make(in, WIDTHS[layer], stride)));
                in = WIDTHS[layer] * expansion;
            }
            layers.add(blocks);
        }
        channels = in;
    }

    /** A ResNet of BasicBlocks (resnet18: 2, 2, 2, 2; resnet34: 3, 4, 6, 3). */
    static ResNet basic(int... blocksPerLayer) {
        return new ResNet(ResNetBlock::basic, 1, blocksPerLayer);
    }

    /** A ResNet of Bottlenecks (resnet50: 3, 4, 6, 3). */
    static ResNet bottleneck(int... blocksPerLayer) {
        return new ResNet(ResNetBlock::bottleneck, ResNetBlock.BOTTLENECK_EXPANSION, blocksPerLayer);
    }

    @Override
    int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = maxPool(apply(stem, ps, inputs.singletonOrThrow(), training));
        for (List<ResNetBlock> layer : layers) {
            for (ResNetBlock block : layer) {
                x = apply(block, ps, x, training);
            }
        }
        return new NDList(x);
    }

    private static NDArray maxPool(NDArray x) {
        return Pool.maxPool2d(x, POOL_WINDOW, POOL_STRIDE, POOL_PADDING, false);
    }

    @Override
    String toOnnx(OnnxGraph graph, String images) {
        String x = stem.toOnnxAs(graph, images, "conv1");
        x = OnnxLayers.maxPool(graph, x, "maxpool", POOL_WINDOW, POOL_STRIDE, POOL_PADDING);
        for (int layer = 0; layer < layers.size(); layer++) {
            for (int i = 0; i < layers.get(layer).size(); i++) {
                x = layers.get(layer).get(i).toOnnx(graph, x, "layer" + (layer + 1) + "." + i);
            }
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long side = OkdhpArchitecture.STUDENT_STRIDE;
        return new Shape[] {new Shape(s.get(0), channels, s.get(2) / side, s.get(3) / side)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = init(stem, manager, dataType, inputs[0]);
        s = new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2);
        for (List<ResNetBlock> layer : layers) {
            for (ResNetBlock block : layer) {
                s = init(block, manager, dataType, s);
            }
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        stem.collect(into, join(prefix, "conv1"), join(prefix, "bn1"));
        for (int layer = 0; layer < layers.size(); layer++) {
            for (int i = 0; i < layers.get(layer).size(); i++) {
                into.child(join(prefix, "layer" + (layer + 1) + "." + i), layers.get(layer).get(i));
            }
        }
    }
}
