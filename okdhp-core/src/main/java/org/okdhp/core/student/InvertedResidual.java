package org.okdhp.core.student;

import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.OnnxLayers;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * MobileNetV2's block: [expand 1x1 - BN - ReLU6, unless the ratio is 1], depthwise 3x3 (stride) -
 * BN - ReLU6, project 1x1 - BN (linear); plus the input when the stride is 1 and the width stays.
 * torchvision's names: the units before the projection are {@code conv.{i}.{0,1}}, the projection
 * {@code conv.{n}} and its batch norm {@code conv.{n+1}}.
 */
final class InvertedResidual extends ConvChain implements FeatureStage {

    private final boolean residual;

    InvertedResidual(int in, int out, int stride, int expandRatio) {
        super(units(in, out, stride, expandRatio), expandRatio == 1 ? List.of("depthwise", "project")
                : List.of("expand", "depthwise", "project"));
        residual = stride == 1 && in == out;
    }

    private static List<ConvBn> units(int in, int out, int stride, int expandRatio) {
        int hidden = in * expandRatio;
        List<ConvBn> units = new ArrayList<>();
        if (expandRatio != 1) {
            units.add(ConvBn.of(in, 1, hidden, 1, 1, ConvBn.Act.RELU6));
        }
        units.add(ConvBn.of(hidden, 3, hidden, stride, hidden, ConvBn.Act.RELU6));
        units.add(ConvBn.of(hidden, 1, out, 1, 1, ConvBn.Act.NONE));
        return units;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = chain(ps, x, training);
        return new NDList(residual ? y.add(x) : y);
    }

    @Override
    public String toOnnx(OnnxGraph graph, String x, String name) {
        String y = x;
        for (int i = 0; i < units.size(); i++) {
            y = units.get(i).toOnnxAs(graph, y, join(name, "conv." + i));
        }
        return residual ? OnnxLayers.add(graph, y, x, join(name, "add")) : y;
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        int last = units.size() - 1;
        for (int i = 0; i < last; i++) {
            into.child(join(prefix, "conv." + i), units.get(i));
        }
        units.get(last).collect(into, join(prefix, "conv." + last), join(prefix, "conv." + (last + 1)));
    }
}
