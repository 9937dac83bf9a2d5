package org.okdhp.data.transform;

import org.okdhp.data.image.RgbImage;

/**
 * cv2.warpAffine with INTER_LINEAR and a constant 0 border: output pixel (x, y) takes the
 * bilinear interpolation of the source at M^-1 (x, y); neighbours outside the source contribute 0.
 * (OpenCV rounds the source position to 1/32 px; this computes it exactly.) The warp writes the
 * normalised CHW network input directly, so no intermediate crop image is allocated.
 */
public final class BilinearWarp {

    private static final int CHANNELS = 3;

    private BilinearWarp() {
    }

    /**
     * @param imageToOutput the forward map (image px to output px)
     * @return {@code [3][outHeight][outWidth]} flattened, normalised
     */
    public static float[] toNormalizedChw(RgbImage image, Affine imageToOutput, int outWidth, int outHeight,
            Normalization normalization) {
        float[] out = new float[CHANNELS * outHeight * outWidth];
        toNormalizedChw(image, imageToOutput, outWidth, outHeight, normalization, out, 0);
        return out;
    }

    /** As {@link #toNormalizedChw(RgbImage, Affine, int, int, Normalization)}, into {@code out} at {@code offset}. */
    public static void toNormalizedChw(RgbImage image, Affine imageToOutput, int outWidth, int outHeight,
            Normalization normalization, float[] out, int offset) {
        Affine inv = imageToOutput.inverse();
        int plane = outWidth * outHeight;
        int[] src = new int[CHANNELS];
        float[] gain = new float[CHANNELS];
        float[] bias = new float[CHANNELS];
        int[] planeOffset = new int[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            src[c] = normalization.sourceChannel(c);
            gain[c] = normalization.gain(c);
            bias[c] = normalization.offset(c);
            planeOffset[c] = offset + c * plane;
        }
        byte[] px = image.pixels();
        int w = image.width();
        int h = image.height();
        int stride = w * CHANNELS;
        float[] rgb = new float[CHANNELS];
        for (int y = 0; y < outHeight; y++) {
            double sx = inv.m01() * y + inv.m02();
            double sy = inv.m11() * y + inv.m12();
            for (int x = 0; x < outWidth; x++, sx += inv.m00(), sy += inv.m10()) {
                int o = y * outWidth + x;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
                    // Interior: all four neighbours exist (the common case, kept branch-free).
                    int i00 = y0 * stride + x0 * CHANNELS;
                    int i10 = i00 + stride;
                    float w00 = (1 - fx) * (1 - fy);
                    float w01 = fx * (1 - fy);
                    float w10 = (1 - fx) * fy;
                    float w11 = fx * fy;
                    for (int c = 0; c < CHANNELS; c++) {
                        int s = src[c];
                        float v = w00 * (px[i00 + s] & 0xFF) + w01 * (px[i00 + CHANNELS + s] & 0xFF)
                                + w10 * (px[i10 + s] & 0xFF) + w11 * (px[i10 + CHANNELS + s] & 0xFF);
                        out[planeOffset[c] + o] = v * gain[c] + bias[c];
                    }
                } else {
                    sampleAtBorder(px, w, h, x0, y0, fx, fy, rgb);
                    for (int c = 0; c < CHANNELS; c++) {
                        out[planeOffset[c] + o] = rgb[src[c]] * gain[c] + bias[c];
                    }
                }
            }
        }
    }

    /** Bilinear RGB near or beyond the edge: missing neighbours count as 0 (constant border). */
    private static void sampleAtBorder(byte[] px, int w, int h, int x0, int y0, float fx, float fy, float[] rgb) {
        for (int c = 0; c < CHANNELS; c++) {
            rgb[c] = (1 - fx) * (1 - fy) * at(px, w, h, x0, y0, c) + fx * (1 - fy) * at(px, w, h, x0 + 1, y0, c)
                    + (1 - fx) * fy * at(px, w, h, x0, y0 + 1, c) + fx * fy * at(px, w, h, x0 + 1, y0 + 1, c);
        }
    }

    private static int at(byte[] px, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0;
        }
        return px[(y * w + x) * CHANNELS + c] & 0xFF;
    }
}
