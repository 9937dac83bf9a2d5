package org.okdhp.train.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.heatmap.FlipTest;
import org.okdhp.data.heatmap.HeatmapDecoder;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.transform.CropBox;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.export.TinyModels;

/** PoseModel.predict and DJL's Predictor with PoseTranslator run the same pipeline. */
class PoseTranslatorTest {

    /** The bound for two inference engines' joints, image px. */
    private static final double JOINT_PX = 1e-3;
    /** Heatmap maxima of the two forms differ by float32 rounding only. */
    private static final double SCORE = 1e-5;
    private static final RgbImage PHOTO = TinyModels.rgbPhoto(120, 90, 3);
    private static final List<PersonRegion> REGIONS = List.of(
            new PersonRegion.Box(30, 10, 50, 75),
            new PersonRegion.Centered(60, 45, 0.3),
            PersonRegion.wholeImage(PHOTO.width(), PHOTO.height()));

    @TempDir
    static Path dir;
    private static Path folder;

    @BeforeAll
    static void export() throws Exception {
        folder = TinyModels.exported(dir.resolve("best-branch"));
    }

    @Test
    void djlPredictorGivesThePoseModelsJoints() throws Exception {
        try (PoseModel pose = PoseModel.load(folder); Model model = Model.newInstance("okdhp")) {
            model.setBlock(pose.network());
            for (boolean flip : new boolean[] {true, false}) {
                List<Joints> seen = new ArrayList<>();
                try (Predictor<PoseInput, Joints> predictor = model.newPredictor(pose.translator(flip))) {
                    for (PersonRegion region : REGIONS) {
                        Joints viaDjl = predictor.predict(new PoseInput(PHOTO, region));
                        CropBox box = pose.metadata().codec().cropBox(region);
                        Joints direct = pose.predict(PHOTO, List.of(box), flip).get(0).joints();
                        assertSameJoints(direct, viaDjl, region + ", flip test " + flip);
                        seen.add(viaDjl);
                    }
                    assertEquals(predictor.predict(new PoseInput(PHOTO, REGIONS.get(2))), predictor.predict(PoseInput.of(PHOTO)),
                            "no region means the whole image");
                }
                assertNotEquals(seen.get(0), seen.get(1), "the region changes the crop");
                assertNotEquals(seen.get(0), seen.get(2), "the region changes the crop");
                assertEquals(16, seen.get(0).size());
                assertEquals("r_ankle", seen.get(0).get(0).name());
            }
        }
    }

    /**
     * DJL's Predictor runs the pruned network as trained, PoseModel its folded inference graph: the
     * same heatmaps to float32 rounding, so the same cells and the same joints to rounding.
     */
    private static void assertSameJoints(Joints expected, Joints actual, String where) {
        assertEquals(expected.size(), actual.size(), where);
        for (int j = 0; j < expected.size(); j++) {
            Joint e = expected.get(j);
            Joint a = actual.get(j);
            assertEquals(e.name(), a.name(), where);
            assertEquals(e.x(), a.x(), JOINT_PX, where + ", " + e.name() + " x");
            assertEquals(e.y(), a.y(), JOINT_PX, where + ", " + e.name() + " y");
            assertEquals(e.score(), a.score(), SCORE, where + ", " + e.name() + " score");
        }
    }

    @Test
    void severalBoxesInOneCallKeepTheirOrder() throws Exception {
        try (PoseModel pose = PoseModel.load(folder)) {
            List<CropBox> boxes = REGIONS.stream().map(pose.metadata().codec()::cropBox).toList();
            for (boolean flip : new boolean[] {true, false}) {
                List<PosePrediction> together = pose.predict(PHOTO, boxes, flip);
                for (int i = 0; i < boxes.size(); i++) {
                    PosePrediction alone = pose.predict(PHOTO, List.of(boxes.get(i)), flip).get(0);
                    assertEquals(boxes.get(i), together.get(i).box());
                    // A batch of 3 may round differently from a batch of 1 in the last bits.
                    assertArrayEquals(flat(alone.joints().positions()), flat(together.get(i).joints().positions()), 1e-3f,
                            "box " + i + ", flip " + flip);
                    assertArrayEquals(alone.joints().scores(), together.get(i).joints().scores(), 1e-5f);
                }
            }
        }
    }

    @Test
    void flipTestAveragesTheMirroredCropsHeatmaps() throws Exception {
        try (PoseModel pose = PoseModel.load(folder); NDManager m = NDManager.newBaseManager()) {
            PoseCodec codec = pose.metadata().codec();
            CropBox box = codec.cropBox(REGIONS.get(0));
            // The same forward pass, merged and decoded by the host-array implementations instead.
            NDArray input = codec.inputs(m, PHOTO, List.of(box), true);
            NDList out = pose.network().forward(new ParameterStore(m, false), new NDList(input), false);
            float[] heatmaps = out.get(out.size() - 1).toFloatArray();
            int half = heatmaps.length / 2;
            float[] plain = java.util.Arrays.copyOfRange(heatmaps, 0, half);
            float[] mirrored = java.util.Arrays.copyOfRange(heatmaps, half, heatmaps.length);
            float[] merged = FlipTest.merge(plain, mirrored, 1, 16, 16, 16, codec.jointSet());
            DecodedPose expected = HeatmapDecoder.decode(merged, 1, 16, 16, 16, List.of(box)).get(0);
            DecodedPose withoutFlip = HeatmapDecoder.decode(plain, 1, 16, 16, 16, List.of(box)).get(0);

            Joints flipped = pose.predict(PHOTO, List.of(box), true).get(0).joints();
            Joints unflipped = pose.predict(PHOTO, List.of(box), false).get(0).joints();
            assertArrayEquals(flat(expected.joints()), flat(flipped.positions()), 1e-4f);
            assertArrayEquals(expected.scores(), flipped.scores(), 1e-6f);
            assertArrayEquals(flat(withoutFlip.joints()), flat(unflipped.positions()), 1e-4f);
            assertNotEquals(unflipped, flipped);
        }
    }

    private static float[] flat(float[][] xy) {
        float[] out = new float[xy.length * 2];
        for (int j = 0; j < xy.length; j++) {
            out[2 * j] = xy[j][0];
            out[2 * j + 1] = xy[j][1];
        }
        return out;
    }
}
