package org.okdhp.train.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.CropBox;
import org.okdhp.data.transform.Normalization;

/** Person regions to crops, and heatmap cells back to image px. */
class PoseGeometryTest {

    private static final double EXACT = 1e-9;
    private static final double SQUARE = 1.0;
    private static final double COCO_ASPECT = 192.0 / 256;

    @Test
    void aTallBoxIsWidenedToTheAspectAndPaddedByAQuarter() {
        assertCrop(CropBox.of(25, 60, 0.5), new PersonRegion.Box(10, 20, 30, 80).cropBox(SQUARE));
        // Same box on a 3:4 input: the crop is still 80 * 1.25 = 100 px high, and 75 px wide (scale = width / 200).
        CropBox coco = new PersonRegion.Box(10, 20, 30, 80).cropBox(COCO_ASPECT);
        assertCrop(CropBox.of(25, 60, 0.375), coco);
        Affine toCrop = AffineCrop.imageToCrop(coco, 192, 256);
        assertEquals(0, toCrop.applyX(25 - 37.5, 60 - 50), 1e-6, "left edge of the 75 px wide crop");
        assertEquals(256, toCrop.applyY(25, 60 + 50), 1e-6, "bottom edge of the 100 px high crop");
    }

    @Test
    void aWideBoxKeepsItsPaddedWidth() {
        CropBox crop = new PersonRegion.Box(0, 0, 100, 40).cropBox(COCO_ASPECT);
        Affine toCrop = AffineCrop.imageToCrop(crop, 192, 256);
        assertEquals(0, toCrop.applyX(50 - 62.5, 20), 1e-6, "125 px = 100 px padded by 1.25");
        assertEquals(192, toCrop.applyX(50 + 62.5, 20), 1e-6);
    }

    @Test
    void centerAndScaleAreTakenAsGiven() {
        assertCrop(CropBox.of(966, 340, 4.718488), new PersonRegion.Centered(966, 340, 4.718488).cropBox(COCO_ASPECT));
        assertThrows(IllegalArgumentException.class, () -> new PersonRegion.Centered(1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new PersonRegion.Box(1, 2, 0, 5));
    }

    @Test
    void theWholeImageIsCenteredOnItsMiddlePixel() {
        // 120 px wide (the longer side on a square input), padded: 150 px = scale 0.75.
        assertCrop(CropBox.of(59.5, 44.5, 0.75), PersonRegion.wholeImage(120, 90).cropBox(SQUARE));
    }

    @Test
    void heatmapCellsMapBackToImagePixels() {
        // A 64 px crop around (100, 50) on a 64x64 input: one heatmap cell is 4 image px.
        PoseCodec codec = new PoseCodec(JointSet.MPII,
                HeatmapCodec.standard(ImageSize.square(64), ImageSize.square(16)), Normalization.imagenet());
        CropBox box = CropBox.of(100, 50, 0.32);
        float[] maps = new float[16 * 16 * 16];
        for (int j = 0; j < 16; j++) {
            int x = j % 8 + 3;
            int y = j / 8 + 6;
            maps[j * 256 + y * 16 + x] = 0.5f + j / 100f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray heatmaps = m.create(maps, new Shape(1, 16, 16, 16));
            Joints joints = codec.decode(heatmaps, List.of(box), false).get(0);
            for (int j = 0; j < 16; j++) {
                Joint joint = joints.get(j);
                assertEquals(JointSet.MPII.jointNames().get(j), joint.name());
                assertEquals(100 + (j % 8 + 3 - 8) * 4, joint.x(), 1e-4, joint.name());
                assertEquals(50 + (j / 8 + 6 - 8) * 4, joint.y(), 1e-4, joint.name());
                assertEquals(0.5f + j / 100f, joint.score(), 1e-6f);
            }
            assertThrows(IllegalArgumentException.class, () -> codec.decode(heatmaps, List.of(box), true),
                    "the flip test needs twice the heatmaps");
        }
    }

    private static void assertCrop(CropBox expected, CropBox actual) {
        assertEquals(expected.centerX(), actual.centerX(), EXACT, "center x of " + actual);
        assertEquals(expected.centerY(), actual.centerY(), EXACT, "center y of " + actual);
        assertEquals(expected.scale(), actual.scale(), EXACT, "scale of " + actual);
        assertEquals(0, actual.rotationDegrees(), EXACT);
    }
}
