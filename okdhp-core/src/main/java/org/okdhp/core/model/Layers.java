package org.okdhp.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few layer factories and forward units every block uses, so a block reads like its diagram.
 * Convolutions and linear layers get PyTorch's default initialisation: kaiming-uniform with
 * a = sqrt(5) for the weight and U(+-1/sqrt(fan_in)) for the bias, which are the same bound
 * 1/sqrt(fan_in).
 *
 * <p>The units here only compute; none frees what it makes. When intermediates are freed is the
 * network executor's business (see {@code NetworkExecutor}).
 */
public final class Layers {

    /** PyTorch's BatchNorm epsilon. */
    public static final float BN_EPSILON = 1e-5f;
    /** DJL's momentum is the weight of the old running value: PyTorch momentum 0.1 is DJL 0.9. */
    public static final float BN_MOMENTUM = 0.9f;
    /** The same momentum in PyTorch's convention, for calls straight into libtorch. */
    private static final double TORCH_BN_MOMENTUM = 1.0 - BN_MOMENTUM;
    /** DJL's code for nearest-neighbour interpolation. */
    static final int NEAREST = 0;
    private static final Shape POOL_WINDOW = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private Layers() {}

    /** A k x k convolution with bias, stride 1 and "same" padding k/2. */
    public static Conv2d conv(int in, int k, int out) {
        return conv(in, k, out, 1);
    }

    /** A k x k convolution with bias, padding k/2 and the given stride ({@link PaddedConv2d}, as every convolution). */
    public static Conv2d conv(int in, int k, int out, int stride) {
        return conv(in, k, out, stride, false);
    }

    /**
     * The same for a convolution on the network's input images, into which no gradient flows: it never
     * pads ({@link PaddedConv2d}), so it is not for inputs whose gradient is wanted.
     */
    public static Conv2d imageConv(int in, int k, int out, int stride) {
        return conv(in, k, out, stride, true);
    }

    /**
     * A k x k convolution without bias (it feeds a batch norm), padding k/2, the given stride and
     * {@code groups} groups ({@code groups == in} is depthwise), PyTorch's default initialisation.
     */
    public static Conv2d convWithoutBias(int in, int k, int out, int stride, int groups) {
        return conv(in, k, out, stride, groups, false, false);
    }

    /** The same on the network's input images (see {@link #imageConv}). */
    public static Conv2d imageConvWithoutBias(int in, int k, int out, int stride) {
        return conv(in, k, out, stride, 1, false, true);
    }

    private static Conv2d conv(int in, int k, int out, int stride, boolean dataInput) {
        return conv(in, k, out, stride, 1, true, dataInput);
    }

    private static Conv2d conv(int in, int k, int out, int stride, int groups, boolean bias, boolean dataInput) {
        Conv2d conv = new PaddedConv2d(Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .setFilters(out)
                .optGroups(groups)
                .optBias(bias), dataInput);
        conv.setInitializer(torchDefault(in / groups * k * k), p -> true);
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

    /**
     * {@code bn}'s normalisation over channel axis 1, straight through libtorch's
     * {@code batch_norm}. DJL's {@code BatchNorm.forward} would wrap the same call in two transposes
     * (1 to 1: no-ops that still cost two engine calls and two autograd nodes per layer).
     * Training mode uses batch statistics and updates the running ones in place.
     */
    public static NDArray batchNorm(BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        var parameters = bn.getParameters();
        Device device = x.getDevice();
        return batchNorm(x, ps.getValue(parameters.get("runningMean"), device, training),
                ps.getValue(parameters.get("runningVar"), device, training),
                ps.getValue(parameters.get("gamma"), device, training),
                ps.getValue(parameters.get("beta"), device, training), training);
    }

    /** libtorch's {@code batch_norm} with PyTorch's momentum and epsilon; training updates the running statistics in place. */
    public static NDArray batchNorm(NDArray x, NDArray runningMean, NDArray runningVar, NDArray gamma, NDArray beta,
            boolean training) {
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, TORCH_BN_MOMENTUM, BN_EPSILON);
    }

    /** ReLU(BN(x)). */
    public static NDArray batchNormRelu(BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        return Activation.relu(batchNorm(bn, ps, x, training));
    }

    /** conv(ReLU(BN(x))), the pre-activation unit. */
    public static NDArray preActivatedConv(BatchNorm bn, Conv2d conv, ParameterStore ps, NDArray x, boolean training) {
        return apply(conv, ps, batchNormRelu(bn, ps, x, training), training);
    }

    /** ReLU(BN(conv(x))), the post-activation unit. */
    public static NDArray convBatchNormRelu(Conv2d conv, BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        return batchNormRelu(bn, ps, apply(conv, ps, x, training), training);
    }

    /** 2 x 2 max pooling with stride 2: [B, C, 2H, 2W] to [B, C, H, W]. */
    public static NDArray maxPool2x2(NDArray x) {
        return Pool.maxPool2d(x, POOL_WINDOW, POOL_WINDOW, NO_PADDING, false);
    }

    /** Nearest-neighbour x2 upsampling: [B, C, H, W] to [B, C, 2H, 2W], each pixel repeated over a 2 x 2 block. */
    public static NDArray upsample2x(NDArray x) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
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
