package org.okdhp.data.transform;

/**
 * Input normalisation: value = (pixel / 255 - mean[c]) / std[c] for output channel c, with the
 * output channels in {@link ChannelOrder} order and mean/std given in that same order (the
 * authors apply the ImageNet RGB statistics to OpenCV's BGR channels; {@link #imagenetBgr()}).
 *
 * @param mean per output channel, in [0, 1] pixel units
 * @param std per output channel, in [0, 1] pixel units
 * @param order the order of the output channels
 */
public record Normalization(float[] mean, float[] std, ChannelOrder order) {

    /** Output channel order of the network input. */
    public enum ChannelOrder {
        RGB,
        /** OpenCV's order, as the authors' released code feeds its network. */
        BGR
    }

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final float PIXEL_MAX = 255f;

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** ImageNet statistics on RGB channels: this library's default. */
    public static Normalization imagenet() {
        return new Normalization(IMAGENET_MEAN, IMAGENET_STD, ChannelOrder.RGB);
    }

    /** The authors' choice: the same numbers applied to B, G, R channels in that order. */
    public static Normalization imagenetBgr() {
        return new Normalization(IMAGENET_MEAN, IMAGENET_STD, ChannelOrder.BGR);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Which RGB channel (0 R, 1 G, 2 B) feeds output channel {@code c}. */
    public int sourceChannel(int c) {
        return order == ChannelOrder.RGB ? c : 2 - c;
    }

    /** Multiplier from a 0..255 pixel to the normalised value of output channel {@code c}. */
    public float gain(int c) {
        return 1f / (PIXEL_MAX * std[c]);
    }

    /** Offset added after {@link #gain}: -mean / std. */
    public float offset(int c) {
        return -mean[c] / std[c];
    }

    /** Back to a 0..255 pixel value (unclamped) from the normalised value of output channel c. */
    public float denormalize(float value, int c) {
        return (value * std[c] + mean[c]) * PIXEL_MAX;
    }
}
