package org.okdhp.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The library's 2-d convolution: every convolution okdhp runs, as a block or side by side
 * ({@link #convolve}), goes through here, so that it can work around an engine defect in one
 * place.
 *
 * <p>Why: oneDNN 3.7.1, inside libtorch 2.7.1, computes a wrong float32 <em>input gradient</em>
 * (garbage or NaN, different from run to run) for a convolution whose kernel is larger than 1x1
 * when its number of output channels is not a multiple of the kernel's channel block: 16 for the
 * AVX-512 kernels, 8 for the AVX2 ones. It was seen on AMD Zen 5 VMs and not on Zen 4; output,
 * weight and bias gradients were right, and so were 1x1 kernels (see ../shared/docs/djl-notes.md
 * and docs/performance.md). So, on a CPU and whenever a backward pass can follow (libtorch's grad
 * mode is on, as inside a gradient collector), such a convolution runs with zero filters appended
 * to each group until its output channels are a multiple of {@link #CHANNEL_BLOCK}, and the
 * extra output channels are sliced off. Exact in arithmetic: the extra channels are zero, their
 * gradient is zero, and every real output and gradient sums the same products; only float32
 * rounding may differ with the kernel oneDNN then picks. Inference and GPUs run the plain
 * convolution.
 *
 * <p>Cost: nothing for widths that are multiples of 64 (every convolution of the default networks
 * already has a multiple of 16 output channels) and for a convolution on the input images (no
 * gradient flows into them); for the demo network (F = 32) the stem residual's 3x3 convolution
 * with 8 output channels runs with 16 in training (docs/performance.md).
 */
public final class PaddedConv2d extends Conv2d {

    /**
     * Output channels (per group) are padded to a multiple of this: the widest channel block of
     * oneDNN's x86 convolution kernels (AVX-512: 16; AVX2's 8 divides it).
     */
    public static final int CHANNEL_BLOCK = 16;

    private static final int OUTPUT_CHANNELS = 1;

    /** Whether the input is the network's input data, into which no gradient flows. */
    private final boolean dataInput;

    PaddedConv2d(Conv2d.Builder builder, boolean dataInput) {
        super(builder);
        this.dataInput = dataInput;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        if (dataInput) {
            // Backward never computes a gradient for the images, so never meets the defect.
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        return new NDList(convolve(x, w, b, stride, padding, dilation, groups));
    }

    /**
     * {@code conv2d(x, weight, bias)} with {@code groups} groups, padded as the class says when the
     * engine could otherwise return a wrong input gradient. {@code bias} may be null.
     */
    public static NDArray convolve(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding,
            Shape dilation, int groups) {
        if (!padded(x, weight.getShape(), groups)) {
            return Conv2d.conv2d(x, weight, bias, stride, padding, dilation, groups).singletonOrThrow();
        }
        long outPerGroup = weight.getShape().get(0) / groups;
        long paddedPerGroup = roundUp(outPerGroup);
        try (NDArray paddedWeight = padGroups(weight, groups, paddedPerGroup);
                NDArray paddedBias = bias == null ? null : padGroups(bias, groups, paddedPerGroup);
                NDArray y = Conv2d.conv2d(x, paddedWeight, paddedBias, stride, padding, dilation, groups)
                        .singletonOrThrow()) {
            return realChannels(y, groups, paddedPerGroup, outPerGroup);
        }
    }

    /**
     * Whether a convolution of this weight shape on {@code x} runs padded: on a CPU, in grad mode,
     * with a kernel larger than 1x1 and a number of output channels per group that is not a
     * multiple of {@link #CHANNEL_BLOCK}; depthwise convolutions never.
     */
    static boolean padded(NDArray x, Shape weight, int groups) {
        if (weight.get(1) == 1 && groups > 1) {
            // Depthwise (one input channel per group, MobileNetV2's 3x3s): oneDNN runs its own
            // depthwise kernels, and grouped convolutions were right where the defect was seen
            // (djl-notes); padding each one-channel group to 16 would cost 16 times the work.
            return false;
        }
        boolean spatialKernel = weight.get(2) * weight.get(3) > 1;
        boolean partialBlock = (weight.get(0) / groups) % CHANNEL_BLOCK != 0;
        return spatialKernel && partialBlock && !x.getDevice().isGpu() && JniUtils.isGradMode();
    }

    private static long roundUp(long channels) {
        return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    /**
     * A weight [G*o, ...] or bias [G*o] with zeros appended to each group's o rows until it has
     * {@code paddedPerGroup}: [G*p, ...]. Differentiable in the original.
     */
    private static NDArray padGroups(NDArray original, int groups, long paddedPerGroup) {
        Shape s = original.getShape();
        long perGroup = s.get(0) / groups;
        Shape rest = s.slice(1);
        Shape grouped = new Shape(groups, perGroup).addAll(rest);
        Shape zeros = new Shape(groups, paddedPerGroup - perGroup).addAll(rest);
        try (NDArray byGroup = original.reshape(grouped);
                NDArray filler = original.getManager().zeros(zeros, original.getDataType(), original.getDevice());
                NDArray joined = NDArrays.concat(new NDList(byGroup, filler), 1)) {
            return joined.reshape(new Shape(groups * paddedPerGroup).addAll(rest));
        }
    }

    /** The first {@code outPerGroup} channels of each group of {@code y} [B, G*p, H, W]: [B, G*o, H, W]. */
    private static NDArray realChannels(NDArray y, int groups, long paddedPerGroup, long outPerGroup) {
        if (groups == 1) {
            return y.get(new NDIndex().addAllDim(OUTPUT_CHANNELS).addSliceDim(0, outPerGroup));
        }
        Shape s = y.getShape();
        try (NDArray byGroup = y.reshape(s.get(0), groups, paddedPerGroup, s.get(2), s.get(3));
                NDArray kept = byGroup.get(new NDIndex().addAllDim(2).addSliceDim(0, outPerGroup))) {
            return kept.reshape(s.get(0), groups * outPerGroup, s.get(2), s.get(3));
        }
    }
}
