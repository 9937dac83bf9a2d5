package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * torchvision's mobilenet_v2 (width 1.0) without its classifier, {@code features.0..18}: a 3x3/2
 * conv - BN - ReLU6 to 32 channels, 17 {@link InvertedResidual}s, a 1x1 conv - BN - ReLU6 to 1280.
 */
final class MobileNetV2 extends StudentBackbone {

    private static final int FIRST_CHANNELS = 32;
    private static final int LAST_CHANNELS = 1280;
    private static final int FIRST_STRIDE = 2;
    /** The paper's table: expansion t, channels c, repeats n, first stride s. */
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    /** features.0 .. features.18 in order: a {@link ConvBn} first and last, {@link InvertedResidual}s between. */
    private final List<FeatureStage> features = new ArrayList<>();

    private MobileNetV2() {
        add(ConvBn.onImages(3, FIRST_CHANNELS, FIRST_STRIDE, ConvBn.Act.RELU6));
        int in = FIRST_CHANNELS;
        for (int[] s : SETTINGS) {
            for (int i = 0; i < s[2]; i++) {
                add(new InvertedResidual(in, s[1], i == 0 ? s[3] : 1, s[0]));
                in = s[1];
            }
        }
        add(ConvBn.of(in, 1, LAST_CHANNELS, 1, 1, ConvBn.Act.RELU6));
    }

    private void add(FeatureStage block) {
        features.add(addChildBlock("features" + features.size(), block));
    }

    static MobileNetV2 standard() {
        return new MobileNetV2();
    }

    @Override
    int channels() {
        return LAST_CHANNELS;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (FeatureStage block : features) {
            x = apply(block, ps, x, training);
        }
        return new NDList(x);
    }

    @Override
    String toOnnx(OnnxGraph graph, String images) {
        String x = images;
        for (int i = 0; i < features.size(); i++) {
            x = features.get(i).toOnnx(graph, x, "features." + i);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {ConvChain.outputShape(features, inputs[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        ConvChain.initialize(features, manager, dataType, inputs[0]);
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        for (int i = 0; i < features.size(); i++) {
            into.child(join(prefix, "features." + i), features.get(i));
        }
    }
}
