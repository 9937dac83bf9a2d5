package org.okdhp.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
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

    private static final String FORWARD_PARAMETER = "activationLayout";

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
     * This (resolved) layout as a block's forward parameter, for the blocks below the network whose
     * fastest code depends on it; see {@link #of(PairList)}.
     */
    public PairList<String, Object> asForwardParameter() {
        PairList<String, Object> parameters = new PairList<>();
        parameters.add(FORWARD_PARAMETER, this);
        return parameters;
    }

    /** The layout passed in a block's forward parameters; channels-first when none was (the arrays say nothing). */
    public static ActivationLayout of(PairList<String, Object> forwardParameters) {
        Object layout = forwardParameters == null ? null : forwardParameters.get(FORWARD_PARAMETER);
        return layout instanceof ActivationLayout given ? given : CHANNELS_FIRST;
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
