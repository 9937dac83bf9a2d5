package org.okdhp.core.student;

import ai.djl.nn.Block;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;

/** One of MobileNetV2's {@code features.i}: a block that names its parameters and exports itself. */
interface FeatureStage extends Block, TorchNamed {

    /** The stage in inference as ONNX nodes on {@code x}, under its torchvision {@code prefix}. */
    String toOnnx(OnnxGraph graph, String x, String prefix);
}
