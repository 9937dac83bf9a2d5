package org.okdhp.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit RGB image stored row-major as interleaved bytes (HWC, channel order R, G, B), the
 * form the crop warps read from. The pixel array is shared, not copied, so that decoding and
 * warping stay allocation-light; callers must treat it as read-only.
 */
public final class RgbImage {

    private static final int CHANNELS = 3;

    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * @param width image width, px
     * @param height image height, px
     * @param pixels {@code width * height * 3} bytes, RGB interleaved, row-major; kept, not copied
     */
    public RgbImage(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height * CHANNELS) {
            throw new IllegalArgumentException("expected " + width * height * CHANNELS + " bytes for "
                    + width + "x" + height + " RGB, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /**
     * The pixels of any {@link BufferedImage}, read from its raster (no per-pixel {@code getRGB});
     * alpha is dropped, other colour spaces are converted to sRGB.
     */
    public static RgbImage of(BufferedImage image) {
        return BufferedImageConversion.toRgb(image);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing RGB bytes (HWC); read-only by contract, not copied for speed. */
    public byte[] pixels() {
        return pixels;
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * CHANNELS + c] & 0xFF;
    }

    /** The pixels as floats 0..255, HWC RGB. */
    public float[] toFloatHwc() {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFF;
        }
        return out;
    }

    /** A copy as a {@link BufferedImage#TYPE_3BYTE_BGR} image, for drawing and writing files. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i += CHANNELS) {
            bgr[i] = pixels[i + 2];
            bgr[i + 1] = pixels[i + 1];
            bgr[i + 2] = pixels[i];
        }
        return image;
    }
}
