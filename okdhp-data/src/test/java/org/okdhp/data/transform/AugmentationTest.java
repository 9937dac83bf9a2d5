package org.okdhp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;

class AugmentationTest {

    private static final int DRAWS = 20_000;

    @Test
    void samplingRespectsTheClipRangesAndRates() {
        for (AugmentationConfig config : new AugmentationConfig[] {AugmentationConfig.mpii(), AugmentationConfig.coco()}) {
            SplittableRandom random = new SplittableRandom(11);
            double sf = config.scaleFactor();
            double rf = config.rotationFactor();
            int rotated = 0, flipped = 0, scaleAtBound = 0, rotationAtBound = 0;
            for (int i = 0; i < DRAWS; i++) {
                Augmentation a = Augmentation.sample(random, config);
                assertTrue(a.scaleMultiplier() >= 1 - sf && a.scaleMultiplier() <= 1 + sf, "scale " + a);
                assertTrue(Math.abs(a.rotationDegrees()) <= 2 * rf, "rotation " + a);
                rotated += a.rotationDegrees() != 0 ? 1 : 0;
                flipped += a.flip() ? 1 : 0;
                scaleAtBound += Math.abs(Math.abs(a.scaleMultiplier() - 1) - sf) < 1e-12 ? 1 : 0;
                rotationAtBound += Math.abs(Math.abs(a.rotationDegrees()) - 2 * rf) < 1e-12 ? 1 : 0;
            }
            assertEquals(0.6, rotated / (double) DRAWS, 0.02);
            assertEquals(0.5, flipped / (double) DRAWS, 0.02);
            // P(|N(0,1)| > 1) = 0.317 of scales clip; P(|N| > 2) * 0.6 = 0.027 of rotations.
            assertEquals(0.317, scaleAtBound / (double) DRAWS, 0.02);
            assertEquals(0.027, rotationAtBound / (double) DRAWS, 0.008);
        }
    }

    @Test
    void sameSeedSameAugmentationOtherSeedOther() {
        AugmentationConfig config = AugmentationConfig.mpii();
        assertEquals(Augmentation.sample(new SplittableRandom(5), config), Augmentation.sample(new SplittableRandom(5), config));
        assertNotEquals(Augmentation.sample(new SplittableRandom(5), config), Augmentation.sample(new SplittableRandom(6), config));
    }

    @Test
    void flipSwapsPairsAndMirrorsX() {
        JointSet mpii = JointSet.MPII;
        float[][] joints = new float[16][];
        float[] vis = new float[16];
        for (int j = 0; j < 16; j++) {
            joints[j] = new float[] {10 + j, 100 + j};
            vis[j] = j % 3 == 0 ? 0 : 1;
        }
        float[][] flipped = HorizontalFlip.joints(joints, 200, mpii);
        float[] flippedVis = HorizontalFlip.swapPairs(vis, mpii);
        // r_ankle (0) takes the mirrored l_ankle (5) and vice versa; pelvis (6) only mirrors.
        assertArrayEquals(new float[] {199 - 15, 105}, flipped[0]);
        assertArrayEquals(new float[] {199 - 10, 100}, flipped[5]);
        assertArrayEquals(new float[] {199 - 16, 106}, flipped[6]);
        assertArrayEquals(new float[] {199 - 25, 115}, flipped[10]);
        assertEquals(vis[5], flippedVis[0]);
        assertEquals(vis[0], flippedVis[5]);
        CropBox box = new CropBox(30.5, 40, 1.2, 10);
        assertEquals(new CropBox(168.5, 40, 1.2, 10), HorizontalFlip.box(box, 200));
    }

    @Test
    void flipTwiceIsIdentity() {
        SplittableRandom random = new SplittableRandom(3);
        for (JointSet set : new JointSet[] {JointSet.MPII, JointSet.COCO}) {
            float[][] joints = new float[set.size()][];
            float[] vis = new float[set.size()];
            for (int j = 0; j < joints.length; j++) {
                joints[j] = new float[] {(float) random.nextDouble(0, 640), (float) random.nextDouble(0, 480)};
                vis[j] = random.nextBoolean() ? 1 : 0;
            }
            float[][] twice = HorizontalFlip.joints(HorizontalFlip.joints(joints, 640, set), 640, set);
            for (int j = 0; j < joints.length; j++) {
                assertArrayEquals(joints[j], twice[j], 1e-4f);
            }
            assertArrayEquals(vis, HorizontalFlip.swapPairs(HorizontalFlip.swapPairs(vis, set), set));
            CropBox box = new CropBox(123.25, 77, 2, -15);
            assertEquals(box, HorizontalFlip.box(HorizontalFlip.box(box, 640), 640));
        }
    }
}
