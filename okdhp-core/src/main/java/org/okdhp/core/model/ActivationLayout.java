package org.okdhp.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * How the network's activations lie in memory. Shapes are [B, C, H, W] either way; only the
 * strides differ, and with them which libtorch kernels run.
 *
 * <p>Channels-last (NHWC strides) lets oneDNN convolve without reordering each activation to and
 * from its blocked format, and libtorch's batch norm, ReLU, max-pool and nearest upsampling all
 * keep that layout, so it needs setting only once, on the input. On a CPU it is markedly faster
 * (docs/performance.md) and in inference exact to float32 rounding (3e-7 of the reference).
 *
 * <p>In training it is not as exact: libtorch's channels-last batch-norm kernels sum the batch
 * statistics and their gradients in float32, one element after another, where the channels-first
 * CPU kernel sums in float64. Batch statistics amplify that through the stacks: training-mode
 * outputs drift ~5e-3 from the float32 reference (channels-first: bit-identical to it, 6e-5 from
 * float64). Training therefore stays channels-first unless {@link #CHANNELS_LAST} is asked for.
 */
public enum ActivationLayout {
    /** Channels-last for inference on CPUs; channels-first for training and on GPUs (not measured there). */
    AUTO,
    /** NCHW strides, PyTorch's default and the authors' layout. */
    CHANNELS_FIRST,
    /** NHWC strides. */
    CHANNELS_LAST;

    /** The layout used on {@code device} in training or inference: this one, or what {@link #AUTO} picks there. */
    public ActivationLayout on(Device device, boolean training) {
        if (this != AUTO) {
            return this;
        }
        return device.isGpu() || training ? CHANNELS_FIRST : CHANNELS_LAST;
    }

    /**
     * {@code images} [B, C, H, W] laid out this way on their device. Channels-first: the array itself
     * (inputs are taken to be plain, as every loader makes them). Channels-last: a new array the
     * caller closes, a copy in NHWC order, or a view when the input already is.
     */
    public NDArray arrange(NDArray images, boolean training) {
        if (on(images.getDevice(), training) == CHANNELS_FIRST) {
            return images;
        }
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("expected images [B, C, H, W], got " + s);
        }
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        // DJL has no memory-format argument: reshape makes a contiguous NHWC copy (a permuted array
        // cannot be viewed flat), and permuting that back gives [B, C, H, W] with NHWC strides.
        try (NDArray nhwcView = images.transpose(0, 2, 3, 1);
                NDArray flat = nhwcView.reshape(b, h * w * c);
                NDArray nhwc = flat.reshape(b, h, w, c)) {
            return nhwc.transpose(0, 3, 1, 2);
        }
    }

    /**
     * {@code up} [B, C, 2H, 2W] plus the nearest-neighbour x2 upsampling of {@code low} [B, C, H, W],
     * in this (resolved) layout: a new array, or {@code up} summed in place. The values are those of
     * {@link Layers#upsample2x} added to {@code up}; the fastest way differs by layout, for the
     * backward pass as much as the forward one.
     * Channels-last: libtorch's 2-d kernel, which works in that layout.
     * Channels-first: libtorch 2.7's 2-d kernel copies both arrays to channels-last and back (seen
     * at every level of this network's hourglasses), and a broadcast of {@code low} over 2 x 2
     * blocks of {@code up} leaves backward a slow reduction over an innermost axis of length 2.
     * So the 1-d kernel, which has no layout to convert, widens the rows of {@code low}, and each
     * wide row is added, broadcast, to the two rows of {@code up} it covers: backward sums pairs
     * of whole rows, then pairs of neighbours. For a 64x64 output of 128 channels, batch 4 (the first
     * level at 256x256 inputs), forward + backward take 4.3 ms, against 11.8 and 21 ms.
     */
    NDArray addUpsampled2x(NDArray up, NDArray low) {
        if (this == CHANNELS_LAST) {
            return up.addi(Layers.upsample2x(low)); // nothing keeps up's old values for backward
        }
        Shape s = low.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray wideRows = low.reshape(b, c * h, w).getNDArrayInternal()
                .interpolation(new long[] {2 * w}, Layers.NEAREST, false);
        NDArray upRowPairs = up.reshape(b, c, h, 2, 2 * w);
        return upRowPairs.add(wideRows.reshape(b, c, h, 1, 2 * w)).reshape(b, c, 2 * h, 2 * w);
    }

    /** Parses {@code auto}, {@code channels_first} or {@code channels_last}, in any case, also with hyphens. */
    public static ActivationLayout parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ActivationLayout layout : values()) {
            if (layout.name().equals(key)) {
                return layout;
            }
        }
        throw new IllegalArgumentException(
                "unknown activation layout '" + text + "': expected auto, channels_first or channels_last");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
