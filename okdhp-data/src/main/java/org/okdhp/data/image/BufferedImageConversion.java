package org.okdhp.data.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns any {@link BufferedImage} into an {@link RgbImage}. The common layouts that decoders
 * return (3-byte BGR, 4-byte ABGR, int RGB/ARGB, 8-bit gray) are read straight from the raster's
 * array, because per-pixel {@code getRGB} costs tens of milliseconds on a 1280x720 photo. Anything
 * else (indexed, 16-bit, custom ICC colour spaces) is first drawn onto a 3-byte BGR image, which
 * makes Java2D do the colour conversion. Alpha is dropped, not composited, as OpenCV's
 * {@code imread(IMREAD_COLOR)} does.
 */
final class BufferedImageConversion {

    private BufferedImageConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean plainRaster = raster.getParent() == null
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
        if (plainRaster) {
            switch (image.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR:
                    if (isInterleaved(raster, 3, w)) {
                        return fromInterleavedBytes(raster, w, h, 3, 2, 1, 0);
                    }
                    break;
                case BufferedImage.TYPE_4BYTE_ABGR:
                    if (isInterleaved(raster, 4, w)) {
                        return fromInterleavedBytes(raster, w, h, 4, 3, 2, 1);
                    }
                    break;
                case BufferedImage.TYPE_BYTE_GRAY:
                    if (isInterleaved(raster, 1, w)) {
                        return fromInterleavedBytes(raster, w, h, 1, 0, 0, 0);
                    }
                    break;
                case BufferedImage.TYPE_INT_RGB:
                case BufferedImage.TYPE_INT_ARGB:
                    if (raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed
                            && packed.getScanlineStride() == w) {
                        return fromPackedInts(raster, w, h);
                    }
                    break;
                default:
                    break;
            }
        }
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return fromInterleavedBytes(bgr.getRaster(), w, h, 3, 2, 1, 0);
    }

    private static boolean isInterleaved(Raster raster, int pixelStride, int width) {
        return raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getPixelStride() == pixelStride
                && sm.getScanlineStride() == pixelStride * width
                && raster.getDataBuffer().getOffset() == 0;
    }

    /** Copies bytes laid out {@code stride} per pixel, taking R, G, B from the given offsets. */
    private static RgbImage fromInterleavedBytes(Raster raster, int w, int h, int stride, int r, int g, int b) {
        byte[] src = ((DataBufferByte) raster.getDataBuffer()).getData();
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0, o = 0; o < rgb.length; i += stride, o += 3) {
            rgb[o] = src[i + r];
            rgb[o + 1] = src[i + g];
            rgb[o + 2] = src[i + b];
        }
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage fromPackedInts(Raster raster, int w, int h) {
        int[] src = ((DataBufferInt) raster.getDataBuffer()).getData();
        int offset = raster.getDataBuffer().getOffset();
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0, o = 0; i < w * h; i++, o += 3) {
            int p = src[offset + i];
            rgb[o] = (byte) (p >> 16);
            rgb[o + 1] = (byte) (p >> 8);
            rgb[o + 2] = (byte) p;
        }
        return new RgbImage(w, h, rgb);
    }
}
