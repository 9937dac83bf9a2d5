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
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.model.OnnxLayers;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * act(BN(conv(x))) with a bias-free convolution: the unit ImageNet backbones are built of. As a
 * {@link FeatureStage} it is torchvision's {@code Conv2dNormActivation} ({@code .0} the convolution,
 * {@code .1} the batch norm); a ResNet names its parts itself ({@link #collect}).
 */
final class ConvBn extends OkdhpBlock implements FeatureStage {

    /** What follows the batch norm. */
    enum Act { NONE, RELU, RELU6 }

    /** torchvision's initialisation of backbone convolutions: kaiming-normal, fan-out, for ReLU. */
    private static final double KAIMING_GAIN = 2.0;

    private final Conv2d conv;
    private final BatchNorm bn;
    private final Act act;

    private ConvBn(Conv2d conv, Act act) {
        this.conv = addChildBlock("conv", conv);
        this.bn = addChildBlock("bn", Layers.bn());
        this.act = act;
    }

    /** A k x k unit (padding k/2) initialised as torchvision's backbones; {@code groups == in} is depthwise. */
    static ConvBn of(int in, int k, int out, int stride, int groups, Act act) {
        return new ConvBn(kaiming(Layers.convWithoutBias(in, k, out, stride, groups), k, out), act);
    }

    /** The same on the network's input images (no input gradient, see {@link Layers#imageConv}). */
    static ConvBn onImages(int k, int out, int stride, Act act) {
        return new ConvBn(kaiming(Layers.imageConvWithoutBias(StudentBackbone.RGB, k, out, stride), k, out), act);
    }

    /** A unit with PyTorch's default initialisation (not a torchvision layer). */
    static ConvBn plain(int in, int k, int out, Act act) {
        return new ConvBn(Layers.convWithoutBias(in, k, out, 1, 1), act);
    }

    private static Conv2d kaiming(Conv2d conv, int k, int out) {
        conv.setInitializer(new NormalInitializer((float) Math.sqrt(KAIMING_GAIN / (out * k * k))),
                Parameter.Type.WEIGHT);
        return conv;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = Layers.batchNorm(bn, ps, apply(conv, ps, inputs.singletonOrThrow(), training), training);
        return new NDList(switch (act) {
            case NONE -> y;
            case RELU -> Activation.relu(y);
            case RELU6 -> Activation.relu6(y);
        });
    }

    /** As {@code Conv2dNormActivation} {@code prefix}: the folded convolution named {@code prefix.0}. */
    @Override
    public String toOnnx(OnnxGraph graph, String x, String prefix) {
        return toOnnxAs(graph, x, join(prefix, "0"));
    }

    /** The unit in inference: one convolution, named {@code name}, with the batch norm folded in, then the activation. */
    String toOnnxAs(OnnxGraph graph, String x, String name) {
        String y = OnnxLayers.convBatchNorm(graph, x, conv, bn, name);
        return switch (act) {
            case NONE -> y;
            case RELU -> OnnxLayers.relu(graph, y, name + ".relu");
            case RELU6 -> OnnxLayers.relu6(graph, y, name + ".relu6");
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {Layers.outputShape(conv, inputs[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        init(bn, manager, dataType, init(conv, manager, dataType, inputs[0]));
    }

    /** The convolution under {@code convName}, the batch norm under {@code bnName}. */
    void collect(TorchParameters into, String convName, String bnName) {
        into.conv(convName, conv).bn(bnName, bn);
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        collect(into, join(prefix, "0"), join(prefix, "1"));
    }
}
