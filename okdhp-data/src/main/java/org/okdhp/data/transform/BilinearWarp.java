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
        float[] rgb = new float[CHANNELS];
        for (int y = 0; y < outHeight; y++) {
            double sx = inv.m01() * y + inv.m02();
            double sy = inv.m11() * y + inv.m12();
            for (int x = 0; x < outWidth; x++, sx += inv.m00(), sy += inv.m10()) {
                sample(px, w, h, sx, sy, rgb);
                int o = y * outWidth + x;
                out[planeOffset[0] + o] = rgb[src[0]] * gain[0] + bias[0];
                out[planeOffset[1] + o] = rgb[src[1]] * gain[1] + bias[1];
                out[planeOffset[2] + o] = rgb[src[2]] * gain[2] + bias[2];
            }
        }
    }

    /** Bilinear RGB at (sx, sy), 0..255, with zero outside the image. */
    private static void sample(byte[] px, int w, int h, double sx, double sy, float[] rgb) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
            rgb[0] = rgb[1] = rgb[2] = 0;
            return;
        }
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        float w00 = (1 - fx) * (1 - fy);
        float w01 = fx * (1 - fy);
        float w10 = (1 - fx) * fy;
        float w11 = fx * fy;
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
            int i00 = (y0 * w + x0) * CHANNELS;
            int i10 = i00 + w * CHANNELS;
            for (int c = 0; c < CHANNELS; c++) {
                rgb[c] = w00 * (px[i00 + c] & 0xFF) + w01 * (px[i00 + CHANNELS + c] & 0xFF)
                        + w10 * (px[i10 + c] & 0xFF) + w11 * (px[i10 + CHANNELS + c] & 0xFF);
            }
            return;
        }
        for (int c = 0; c < CHANNELS; c++) {
            rgb[c] = w00 * at(px, w, h, x0, y0, c) + w01 * at(px, w, h, x0 + 1, y0, c)
                    + w10 * at(px, w, h, x0, y0 + 1, c) + w11 * at(px, w, h, x0 + 1, y0 + 1, c);
        }
    }

    private static int at(byte[] px, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0;
        }
        return px[(y * w + x) * CHANNELS + c] & 0xFF;
    }
}
