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
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few layer factories and forward units every block uses, so a block reads like its diagram.
 * Convolutions and linear layers get PyTorch's default initialisation: kaiming-uniform with
 * a = sqrt(5) for the weight and U(+-1/sqrt(fan_in)) for the bias, which are the same bound
 * 1/sqrt(fan_in).
 *
 * <p>Memory: every engine array stays alive until it is closed or its manager (a training step's
 * scope) closes, even after autograd has let go of it. The forward units therefore close the
 * intermediates they make as soon as they are consumed (autograd holds its own references to what
 * backward needs), so the step reuses warm memory as PyTorch's reference counting does.
 */
public final class Layers {

    /** PyTorch's BatchNorm epsilon. */
    public static final float BN_EPSILON = 1e-5f;
    /** DJL's momentum is the weight of the old running value: PyTorch momentum 0.1 is DJL 0.9. */
    public static final float BN_MOMENTUM = 0.9f;
    /** The same momentum in PyTorch's convention, for calls straight into libtorch. */
    private static final double TORCH_BN_MOMENTUM = 1.0 - BN_MOMENTUM;
    /** DJL's code for nearest-neighbour interpolation. */
    private static final int NEAREST = 0;

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

    private static Conv2d conv(int in, int k, int out, int stride, boolean dataInput) {
        Conv2d conv = new PaddedConv2d(Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .setFilters(out)
                .optBias(true), dataInput);
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

    /** The same, handing on the caller's forward parameters (such as the {@link ActivationLayout}). */
    public static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training,
            PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /** Runs a single-input block and frees its input, which the caller no longer needs. */
    public static NDArray applyAndRelease(Block block, ParameterStore ps, NDArray x, boolean training) {
        NDArray y = apply(block, ps, x, training);
        x.close();
        return y;
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

    /**
     * ReLU(BN(x)). The BN output is freed at once: autograd keeps BN's input and ReLU's output,
     * never the array in between, so its memory is reused by the next layer instead of lingering
     * until the step ends.
     */
    public static NDArray batchNormRelu(BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        return reluAndRelease(batchNorm(bn, ps, x, training));
    }

    /** ReLU of a batch norm's output, which is freed at once (see {@link #batchNormRelu}). */
    static NDArray reluAndRelease(NDArray normalised) {
        NDArray activated = Activation.relu(normalised);
        normalised.close();
        return activated;
    }

    /** conv(ReLU(BN(x))), the pre-activation unit; frees the two arrays in between. */
    public static NDArray preActivatedConv(BatchNorm bn, Conv2d conv, ParameterStore ps, NDArray x, boolean training) {
        return applyAndRelease(conv, ps, batchNormRelu(bn, ps, x, training), training);
    }

    /** ReLU(BN(conv(x))), the post-activation unit; frees the convolution output. */
    public static NDArray convBatchNormRelu(Conv2d conv, BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        NDArray convolved = apply(conv, ps, x, training);
        NDArray activated = batchNormRelu(bn, ps, convolved, training);
        convolved.close();
        return activated;
    }

    /**
     * {@code up} [B, C, 2H, 2W] plus the nearest-neighbour x2 upsampling of {@code low} [B, C, H, W]:
     * a new array, or {@code up} summed in place. The values are the same in either layout; the
     * fastest way differs, for the backward pass as much as the forward one.
     * Channels-last: libtorch's 2-d kernel, which works in that layout.
     * Channels-first: libtorch 2.7's 2-d kernel copies both arrays to channels-last and back (seen
     * at every level of this network's hourglasses), and a broadcast of {@code low} over 2 x 2
     * blocks of {@code up} leaves backward a slow reduction over an innermost axis of length 2.
     * So the 1-d kernel, which has no layout to convert, widens the rows of {@code low}, and each
     * wide row is added, broadcast, to the two rows of {@code up} it covers: backward sums pairs
     * of whole rows, then pairs of neighbours. For a 64x64 output of 128 channels, batch 4 (the first
     * level at 256x256 inputs), forward + backward take 4.3 ms, against 11.8 and 21 ms.
     */
    public static NDArray addUpsampled2x(NDArray up, NDArray low, ActivationLayout layout) {
        Shape s = low.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (layout == ActivationLayout.CHANNELS_LAST) {
            try (NDArray upsampled = low.getNDArrayInternal().interpolation(new long[] {2 * h, 2 * w}, NEAREST, false)) {
                return up.addi(upsampled); // nothing keeps up's old values for backward
            }
        }
        try (NDArray rows = low.reshape(b, c * h, w);
                NDArray wideRows = rows.getNDArrayInternal().interpolation(new long[] {2 * w}, NEAREST, false);
                NDArray wide = wideRows.reshape(b, c, h, 1, 2 * w);
                NDArray upRowPairs = up.reshape(b, c, h, 2, 2 * w);
                NDArray sum = upRowPairs.add(wide)) {
            return sum.reshape(b, c, 2 * h, 2 * w);
        }
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
