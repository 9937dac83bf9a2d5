package org.okdhp.data.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeatmapEncoderTest {

    private static final HeatmapEncoder MPII = new HeatmapEncoder(256, 256, 64, 64, 2);

    private static float at(HeatmapTarget t, int joint, int x, int y, int w, int h) {
        return t.heatmaps()[joint * w * h + y * w + x];
    }

    private static float sum(HeatmapTarget t, int joint, int w, int h) {
        float s = 0;
        for (int i = 0; i < w * h; i++) {
            s += t.heatmaps()[joint * w * h + i];
        }
        return s;
    }

    @Test
    void gaussianIsCenteredOnTheRoundedCellWithPeakOneAndSigmaTwo() {
        // mu = (int) (10.3 / 4 + 0.5) = 3, (int) (20.9 / 4 + 0.5) = 5
        HeatmapTarget t = MPII.encode(new float[][] {{10.3f, 20.9f}}, new float[] {1});
        assertEquals(1, t.weights()[0]);
        assertEquals(1, at(t, 0, 3, 5, 64, 64), 1e-7);
        assertEquals(Math.exp(-1 / 8.0), at(t, 0, 4, 5, 64, 64), 1e-6);
        assertEquals(Math.exp(-8 / 8.0), at(t, 0, 5, 7, 64, 64), 1e-6);
        assertEquals(Math.exp(-36 / 8.0), at(t, 0, 9, 5, 64, 64), 1e-6);   // patch edge: 3 sigma
        assertEquals(0, at(t, 0, 10, 5, 64, 64));                          // outside the 13x13 patch
        assertEquals(Math.exp(-9 / 8.0), at(t, 0, 0, 5, 64, 64), 1e-6);    // clipped at the map edge
    }

    @Test
    void invisibleJointsGetNoMapAndNoWeight() {
        HeatmapTarget t = MPII.encode(new float[][] {{100, 100}, {120, 80}}, new float[] {0, 1});
        assertEquals(0, t.weights()[0]);
        assertEquals(0, sum(t, 0, 64, 64));
        assertEquals(1, t.weights()[1]);
    }

    @Test
    void weightDropsOnlyWhenThePatchIsEntirelyOffTheMap() {
        HeatmapTarget t = MPII.encode(
                new float[][] {{-20, 100}, {-30, 100}, {275, 100}, {280, 100}, {100, -26}},
                new float[] {1, 1, 1, 1, 1});
        // x = -20: mu = (int) -4.5 = -4, patch columns -10..2 -> partly on the map.
        assertEquals(1, t.weights()[0]);
        assertEquals(Math.exp(-16 / 8.0), at(t, 0, 0, 25, 64, 64), 1e-6);
        // x = -30: mu = -7, patch -13..-1 -> off the map.
        assertEquals(0, t.weights()[1]);
        assertEquals(0, sum(t, 1, 64, 64));
        // x = 275: mu = 69, patch 63..75 -> one column on the map.
        assertEquals(1, t.weights()[2]);
        assertEquals(Math.exp(-36 / 8.0), at(t, 2, 63, 25, 64, 64), 1e-6);
        // x = 280: mu = 70, patch starts at 64 = W -> off.
        assertEquals(0, t.weights()[3]);
        // y = -26: mu = (int) -6 = -6, patch rows -12..0 -> row 0 on the map.
        assertEquals(1, t.weights()[4]);
        assertEquals(Math.exp(-36 / 8.0), at(t, 4, 25, 0, 64, 64), 1e-6);
    }

    @Test
    void jointsFarOutsideOrAtNonFinitePositionsGetNoMapAndNoWeight() {
        HeatmapTarget t = MPII.encode(
                new float[][] {{-1e30f, 100}, {1e30f, 1e30f}, {Float.POSITIVE_INFINITY, 100}, {Float.NaN, 100},
                        {100, Float.NEGATIVE_INFINITY}, {128, 128}},
                new float[] {1, 1, 1, 1, 1, 1});
        for (int j = 0; j < 5; j++) {
            assertEquals(0, t.weights()[j], "joint " + j);
            assertEquals(0, sum(t, j, 64, 64), "joint " + j);
        }
        assertEquals(1, t.weights()[5], "the joint inside still counts");
        assertEquals(1, at(t, 5, 32, 32, 64, 64), 1e-7);
    }

    @Test
    void xAndYStridesAreSeparate() {
        // 192x256 input on 64x64 maps: stride 3 across, 4 down.
        HeatmapEncoder enc = new HeatmapEncoder(192, 256, 64, 64, 2);
        HeatmapTarget t = enc.encode(new float[][] {{31, 41}}, new float[] {1});
        // mu = ((int) (31 / 3 + 0.5), (int) (41 / 4 + 0.5)) = (10, 10)
        assertEquals(1, at(t, 0, 10, 10, 64, 64), 1e-7);
        HeatmapEncoder coco = new HeatmapEncoder(192, 256, 48, 64, 2);
        HeatmapTarget c = coco.encode(new float[][] {{186, 250}}, new float[] {1});
        assertEquals(1, at(c, 0, 47, 63, 48, 64), 1e-7); // mu = (47, 63)
    }
}
