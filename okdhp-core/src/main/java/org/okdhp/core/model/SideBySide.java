package org.okdhp.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * The same layer of G branches run as one: their activations lie side by side on the channel axis
 * ([B, G*C, H, W], branch g's channels from g*C on), a convolution becomes one with G groups and a
 * batch norm one over G*C channels (it is per channel anyway), each on the branches' parameters
 * concatenated in branch order, so gradients flow back to every branch's own parameters.
 *
 * <p>Why: on small feature maps an engine call and its autograd node cost more than the
 * arithmetic, and the inner levels of OKDHP's identical branch hourglasses are many small
 * layers. Run side by side they take a third of the calls. On large maps oneDNN's grouped
 * convolutions are slower than plain ones, so only maps of at most {@link #MAX_PIXELS} pixels
 * are run this way (see docs/performance.md for the measurements).
 *
 * <p>Only {@link NetworkExecutor} runs layers this way, each unit in a scope that frees what it
 * made (the concatenated parameters among them) when it returns.
 *
 * <p>Values: a batch norm's statistics are each channel's own, as apart; a grouped convolution
 * sums the same products as G separate ones, possibly in another order, so results agree to
 * float32 rounding, not bit for bit.
 */
final class SideBySide {

    /**
     * Feature maps up to 32 x 32 run side by side. Measured by whole training steps taking turns
     * (per-round medians of the step time): up to 32 x 32 against up to 16 x 16 took 0.996 and 0.993
     * at F=128, batch 4, 128x128 inputs (32 x 32 maps at the top of the hourglass), 0.995 and 0.963
     * for the demo network (F=32, batch 8), 0.983 at F=128 with 256x256 inputs; a prototype that
     * also ran the 64 x 64 level side by side was 2% slower than one stopping at 32 x 32.
     */
    static final long MAX_PIXELS = 32 * 32;

    private static final int CHANNELS = 1;
    /** A residual's pre-activated convolutions. */
    private static final int RESIDUAL_UNITS = 3;

    private SideBySide() {}

    /** Whether maps of this activation's size run faster side by side. */
    static boolean pays(Shape activation) {
        return activation.get(2) * activation.get(3) <= MAX_PIXELS;
    }

    /** The branches' activations side by side on the channel axis. */
    static NDArray join(List<NDArray> perBranch) {
        return NDArrays.concat(new NDList(perBranch), CHANNELS);
    }

    /** Each branch's channels of a side-by-side activation: views, in branch order. */
    static NDList split(NDArray joined, int branches) {
        return joined.split(branches, CHANNELS);
    }

    /** The parameter {@code name} of every block, concatenated in block order (differentiably). */
    private static NDArray concatenated(List<? extends Block> blocks, String name, ParameterStore ps, Device device,
            boolean training) {
        NDList values = new NDList(blocks.size());
        for (Block block : blocks) {
            values.add(ps.getValue(block.getParameters().get(name), device, training));
        }
        return NDArrays.concat(values);
    }

    /**
     * The branches' batch norms over their side-by-side channels. In training the running statistics
     * are updated as apart: libtorch updates their concatenation, whose slices are then copied back
     * to each branch's own.
     */
    static NDArray batchNorm(List<BatchNorm> bns, ParameterStore ps, NDArray x, boolean training) {
        Device device = x.getDevice();
        NDArray mean = concatenated(bns, "runningMean", ps, device, training);
        NDArray variance = concatenated(bns, "runningVar", ps, device, training);
        NDArray gamma = concatenated(bns, "gamma", ps, device, training);
        NDArray beta = concatenated(bns, "beta", ps, device, training);
        NDArray y = Layers.batchNorm(x, mean, variance, gamma, beta, training);
        if (training) {
            copyBack(bns, "runningMean", mean, ps, device);
            copyBack(bns, "runningVar", variance, ps, device);
        }
        return y;
    }

    private static void copyBack(List<BatchNorm> bns, String name, NDArray updated, ParameterStore ps, Device device) {
        NDList slices = updated.split(bns.size());
        for (int g = 0; g < bns.size(); g++) {
            NDArray own = ps.getValue(bns.get(g).getParameters().get(name), device, true);
            JniUtils.indexSet((PtNDArray) own, (PtNDArray) slices.get(g), new long[] {0},
                    new long[] {own.size()}, new long[] {1});
        }
    }

    /** The branches' convolutions (same shape, stride and padding) as one with a group per branch. */
    static NDArray conv(List<Conv2d> convs, ParameterStore ps, NDArray x, boolean training) {
        Conv2d first = convs.get(0);
        Device device = x.getDevice();
        NDArray weight = concatenated(convs, "weight", ps, device, training);
        NDArray bias = concatenated(convs, "bias", ps, device, training);
        return PaddedConv2d.convolve(x, weight, bias, first.getStride(), first.getPadding(), first.getDilation(),
                convs.size());
    }

    /** conv(ReLU(BN(x))) of every branch. */
    static NDArray preActivatedConv(List<BatchNorm> bns, List<Conv2d> convs, ParameterStore ps, NDArray x,
            boolean training) {
        return conv(convs, ps, Activation.relu(batchNorm(bns, ps, x, training)), training);
    }

    /**
     * The residuals at one place of G branches, on their inputs side by side: the same values as
     * each on its own, to rounding. Width-preserving residuals only (their skip is the input).
     */
    static NDArray residual(List<Residual> residuals, ParameterStore ps, NDArray x, boolean training) {
        if (residuals.stream().anyMatch(Residual::projects)) {
            throw new IllegalArgumentException("only width-preserving residuals run side by side");
        }
        NDArray y = x;
        for (int unit = 0; unit < RESIDUAL_UNITS; unit++) {
            int u = unit;
            y = preActivatedConv(residuals.stream().map(r -> r.norms().get(u)).toList(),
                    residuals.stream().map(r -> r.convs().get(u)).toList(), ps, y, training);
        }
        return y.addi(x);
    }
}
