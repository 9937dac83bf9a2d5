package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.ndarray.NDManager;

/**
 * The few layer factories every block uses, so a block reads like its diagram. Convolutions and
 * linear layers get PyTorch's default initialisation: kaiming-uniform with a = sqrt(5) for the
 * weight and U(+-1/sqrt(fan_in)) for the bias, which are the same bound 1/sqrt(fan_in).
 */
public final class Layers {

    /** PyTorch's BatchNorm epsilon. */
    public static final float BN_EPSILON = 1e-5f;
    /** DJL's momentum is the weight of the old running value: PyTorch momentum 0.1 is DJL 0.9. */
    public static final float BN_MOMENTUM = 0.9f;

    private Layers() {}

    /** A k x k convolution with bias, stride 1 and "same" padding k/2. */
    public static Conv2d conv(int in, int k, int out) {
        return conv(in, k, out, 1);
    }

    /** A k x k convolution with bias, padding k/2 and the given stride. */
    public static Conv2d conv(int in, int k, int out, int stride) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .setFilters(out)
                .optBias(true)
                .build();
        conv.setInitializer(torchDefault(in * k * k), p -> true);
        return conv;
    }

    /** A fully connected layer with bias. */
    public static Linear linear(int in, int out) {
        Linear linear = Linear.builder().setUnits(out).optBias(true).build();
        linear.setInitializer(torchDefault(in), p -> true);
        return linear;
    }

    /** BatchNorm over channels with PyTorch's defaults (gamma 1, beta 0, eps 1e-5, momentum 0.1). */
    public static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build();
    }

    private static UniformInitializer torchDefault(long fanIn) {
        return new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
    }

    /** Runs a single-input, single-output block. */
    public static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Initialises a block for an input shape and returns its (first) output shape. */
    public static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    /** The output shape of a block for an input shape, without initialising it. */
    public static Shape outputShape(Block block, Shape input) {
        return block.getOutputShapes(new Shape[] {input})[0];
    }
}
