package org.okdhp.core.student;

import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;

/**
 * An ImageNet backbone as torchvision builds it, without its classifier: images [B, 3, H, W] to
 * features [B, C, H/32, W/32], its parameters under torchvision's state_dict names so that
 * ImageNet weights load by name.
 */
abstract class StudentBackbone extends OkdhpBlock implements TorchNamed {

    static final int RGB = 3;

    /** The backbone of {@code kind}, freshly initialised as torchvision's. */
    static StudentBackbone of(Backbone kind) {
        return switch (kind) {
            case RESNET18 -> ResNet.basic(2, 2, 2, 2);
            case RESNET34 -> ResNet.basic(3, 4, 6, 3);
            case RESNET50 -> ResNet.bottleneck(3, 4, 6, 3);
            case MOBILENETV2 -> MobileNetV2.standard();
            case HOURGLASS -> throw new IllegalArgumentException("the hourglass is not a student backbone");
        };
    }

    /** Channels of the output features. */
    abstract int channels();

    /** The backbone in inference as ONNX nodes on {@code images}, under its unprefixed torchvision names. */
    abstract String toOnnx(OnnxGraph graph, String images);
}
