package org.okdhp.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineCropTest {

    private static final double EXACT = 1e-9;

    private static void assertAffine(Affine expected, Affine actual) {
        assertEquals(expected.m00(), actual.m00(), EXACT, "m00 of " + actual);
        assertEquals(expected.m01(), actual.m01(), EXACT, "m01 of " + actual);
        assertEquals(expected.m02(), actual.m02(), EXACT, "m02 of " + actual);
        assertEquals(expected.m10(), actual.m10(), EXACT, "m10 of " + actual);
        assertEquals(expected.m11(), actual.m11(), EXACT, "m11 of " + actual);
        assertEquals(expected.m12(), actual.m12(), EXACT, "m12 of " + actual);
    }

    @Test
    void withoutRotationTheCropIsScalePlusTranslation() {
        // A 400 px box (scale 2) onto 256 px: factor 0.64; the center goes to (128, 128).
        Affine m = AffineCrop.imageToCrop(new CropBox(300, 120, 2, 0), 256, 256);
        assertAffine(new Affine(0.64, 0, 128 - 0.64 * 300, 0, 0.64, 128 - 0.64 * 120), m);
    }

    @Test
    void nonSquareOutputKeepsTheBoxWidthAndTakesTheOutputAspect() {
        // 192x256 output: the 400 px box width maps to 192 px (factor 0.48); the box is 1600/3 px high.
        Affine m = AffineCrop.imageToCrop(new CropBox(300, 120, 2, 0), 192, 256);
        assertAffine(new Affine(0.48, 0, 96 - 0.48 * 300, 0, 0.48, 128 - 0.48 * 120), m);
        double halfHeight = 400.0 * 256 / 192 / 2;
        assertEquals(0, m.applyX(300 - 200, 120 - halfHeight), 1e-9);
        assertEquals(0, m.applyY(300 - 200, 120 - halfHeight), 1e-9);
        assertEquals(192, m.applyX(300 + 200, 120 + halfHeight), 1e-9);
        assertEquals(256, m.applyY(300 + 200, 120 + halfHeight), 1e-9);
    }

    @Test
    void rotationFollowsHrnetsConvention() {
        // r = 90: the source point center + R(90) (0, -100) = center + (100, 0) lands on the top
        // middle of a 200x200 crop, so x' = (y - cy) + 100 and y' = -(x - cx) + 100.
        Affine m = AffineCrop.imageToCrop(new CropBox(50, 60, 1, 90), 200, 200);
        assertAffine(new Affine(0, 1, 100 - 60, -1, 0, 100 + 50), m);
    }

    @Test
    void inverseCropMapsJointsBack() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            CropBox box = new CropBox(random.nextDouble(0, 1280), random.nextDouble(0, 720),
                    random.nextDouble(0.3, 6), random.nextDouble(-60, 60));
            int[] size = trial % 2 == 0 ? new int[] {256, 256} : new int[] {192, 256};
            Affine forward = AffineCrop.imageToCrop(box, size[0], size[1]);
            Affine back = AffineCrop.cropToImage(box, size[0], size[1]);
            float[][] joints = new float[16][];
            for (int j = 0; j < joints.length; j++) {
                joints[j] = new float[] {(float) random.nextDouble(0, 1280), (float) random.nextDouble(0, 720)};
            }
            float[][] roundTrip = back.apply(forward.apply(joints));
            for (int j = 0; j < joints.length; j++) {
                assertEquals(joints[j][0], roundTrip[j][0], 1e-3, "x of joint " + j + " for " + box);
                assertEquals(joints[j][1], roundTrip[j][1], 1e-3, "y of joint " + j + " for " + box);
            }
            assertAffine(forward.inverse(), back);
        }
    }

    @Test
    void threePointSolverRecoversAKnownMap() {
        Affine known = new Affine(0.7, -1.3, 12, 2.1, 0.4, -5);
        double[][] src = {{3, 4}, {-10, 2}, {7, -8}};
        double[][] dst = new double[3][];
        for (int i = 0; i < 3; i++) {
            dst[i] = new double[] {known.applyX(src[i][0], src[i][1]), known.applyY(src[i][0], src[i][1])};
        }
        assertAffine(known, Affine.fromThreePoints(src, dst));
        assertAffine(Affine.IDENTITY, known.after(known.inverse()));
    }
}
