package org.okdhp.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.okdhp.data.image.RgbImage;

class BilinearWarpTest {

    /** mean 0, std 1/255: the "normalised" output is the raw 0..255 value, which makes expectations readable. */
    private static final Normalization RAW = new Normalization(
            new float[] {0, 0, 0}, new float[] {1 / 255f, 1 / 255f, 1 / 255f}, Normalization.ChannelOrder.RGB);

    private static RgbImage randomImage(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    @Test
    void identityReproducesThePixelsNormalised() {
        RgbImage image = randomImage(4, 3, 1);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        float[] rgb = BilinearWarp.toNormalizedChw(image, Affine.IDENTITY, 4, 3, Normalization.imagenet());
        float[] bgr = BilinearWarp.toNormalizedChw(image, Affine.IDENTITY, 4, 3, Normalization.imagenetBgr());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int o = c * 12 + y * 4 + x;
                    assertEquals((image.get(x, y, c) / 255f - mean[c]) / std[c], rgb[o], 1e-5);
                    // BGR: output channel 0 is blue, normalised with the first mean/std.
                    assertEquals((image.get(x, y, 2 - c) / 255f - mean[c]) / std[c], bgr[o], 1e-5);
                }
            }
        }
    }

    @Test
    void halfPixelShiftAveragesNeighboursWithZeroBorder() {
        RgbImage image = randomImage(5, 2, 2);
        // dst(x, y) = src(x - 0.5, y)
        float[] out = BilinearWarp.toNormalizedChw(image, new Affine(1, 0, 0.5, 0, 1, 0), 5, 2, RAW);
        for (int y = 0; y < 2; y++) {
            assertEquals(0.5f * image.get(0, y, 1), out[10 + y * 5], 1e-3, "left border blends with 0");
            for (int x = 1; x < 5; x++) {
                float expected = 0.5f * (image.get(x - 1, y, 1) + image.get(x, y, 1));
                assertEquals(expected, out[10 + y * 5 + x], 1e-3);
            }
        }
        float[] outside = BilinearWarp.toNormalizedChw(image, new Affine(1, 0, 100, 0, 1, 0), 5, 2, RAW);
        for (float v : outside) {
            assertEquals(0, v, 0);
        }
    }

    @Test
    void warpingAfterTheMirrorEqualsWarpingAMirroredCopy() {
        int w = 37;
        int h = 23;
        RgbImage image = randomImage(w, h, 3);
        byte[] mirrored = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    mirrored[(y * w + x) * 3 + c] = (byte) image.get(w - 1 - x, y, c);
                }
            }
        }
        Affine crop = AffineCrop.imageToCrop(new CropBox(20.3, 9.7, 0.09, 25), 32, 24);
        float[] viaCopy = BilinearWarp.toNormalizedChw(new RgbImage(w, h, mirrored), crop, 32, 24, RAW);
        float[] viaMap = BilinearWarp.toNormalizedChw(image, crop.after(Affine.mirrorX(w)), 32, 24, RAW);
        for (int i = 0; i < viaCopy.length; i++) {
            assertEquals(viaCopy[i], viaMap[i], 1e-2, "value " + i);
        }
    }
}
