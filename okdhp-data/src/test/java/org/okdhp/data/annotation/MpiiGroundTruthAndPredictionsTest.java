package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.types.Array;

/** gt_valid.mat-style ground truth and pred.mat / json predictions, built here with mfl-core. */
class MpiiGroundTruthAndPredictionsTest {

    private static final String[] GT_VARIABLES = {"pos_gt_src", "jnt_missing", "headboxes_src"};
    private static final int PEOPLE = 2;

    @TempDir
    Path dir;

    /** 1-based joint (n, j) at (100 n + j + 1, 200 n + j + 1): 0-based (100 n + j, 200 n + j). */
    private static double oneBased(int person, int joint, int axis) {
        return (axis == 0 ? 100 : 200) * person + joint + 1;
    }

    @Test
    void readsHrnetLayoutAsZeroBased() throws IOException {
        Path mat = MatFiles.write(dir.resolve("gt_valid.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {16, 2, PEOPLE}, at -> oneBased(at[2], at[0], at[1])), missingJointThreeOfPersonOne(),
                headBoxes());
        assertGroundTruth(MpiiGroundTruthReader.read(mat));
    }

    @Test
    void readsCoordinateMajorLayoutToo() throws IOException {
        Path mat = MatFiles.write(dir.resolve("gt_t.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {2, 16, PEOPLE}, at -> oneBased(at[2], at[1], at[0])), missingJointThreeOfPersonOne(),
                headBoxes());
        assertGroundTruth(MpiiGroundTruthReader.read(mat));
    }

    @Test
    void rejectsNonFiniteLabelledJointsHeadBoxesAndPredictions() throws IOException {
        Path mat = MatFiles.write(dir.resolve("gt_nan.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {16, 2, PEOPLE}, at -> at[2] == 1 && at[0] == 4 ? Double.NaN : 1),
                missingJointThreeOfPersonOne(), headBoxes());
        AnnotationFormatException joint = assertThrows(AnnotationFormatException.class, () -> MpiiGroundTruthReader.read(mat));
        assertTrue(joint.getMessage().startsWith(mat + ": pos_gt_src: joint 5 of person 2 is labelled"), joint.getMessage());

        Path unlabelledNan = MatFiles.write(dir.resolve("gt_nan_missing.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {16, 2, PEOPLE}, at -> at[2] == 1 && at[0] == 3 ? Double.NaN : 1),
                missingJointThreeOfPersonOne(), headBoxes());
        assertEquals(PEOPLE, MpiiGroundTruthReader.read(unlabelledNan).size(), "an unlabelled joint's position is never used");

        Path box = MatFiles.write(dir.resolve("gt_inf.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {16, 2, PEOPLE}, at -> 1), missingJointThreeOfPersonOne(),
                MatFiles.filled(new int[] {2, 2, PEOPLE}, at -> at[2] == 0 ? Double.POSITIVE_INFINITY : 5));
        AnnotationFormatException head = assertThrows(AnnotationFormatException.class, () -> MpiiGroundTruthReader.read(box));
        assertTrue(head.getMessage().contains("headboxes_src: the head box of person 1 holds Infinity"), head.getMessage());

        Path preds = MatFiles.write(dir.resolve("pred_nan.mat"), "preds",
                MatFiles.filled(new int[] {PEOPLE, 16, 2}, at -> at[0] == 1 && at[1] == 2 ? Double.NaN : 1));
        AnnotationFormatException prediction = assertThrows(AnnotationFormatException.class,
                () -> MpiiPredictionsReader.read(preds));
        assertTrue(prediction.getMessage().contains("preds: entry (2, 3, 1) is NaN"), prediction.getMessage());
    }

    @Test
    void rejectsInconsistentShapes() throws IOException {
        Path mat = MatFiles.write(dir.resolve("gt_bad.mat"), GT_VARIABLES,
                MatFiles.filled(new int[] {16, 2, PEOPLE}, at -> 1), MatFiles.filled(new int[] {16, 3}, at -> 0), headBoxes());
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiGroundTruthReader.read(mat));
        assertEquals(mat + ": jnt_missing: has shape [16, 3], expected [16, 2]", e.getMessage());
    }

    @Test
    void readsPredictionsFromHrnetPredMatAndFromJsonAsZeroBased() throws IOException {
        Path mat = MatFiles.write(dir.resolve("pred.mat"), "preds",
                MatFiles.filled(new int[] {PEOPLE, 16, 2}, at -> oneBased(at[0], at[1], at[2])));
        double[][][] fromMat = MpiiPredictionsReader.read(mat);
        assertEquals(PEOPLE, fromMat.length);
        assertArrayEquals(new double[] {105, 205}, fromMat[1][5]);

        StringBuilder json = new StringBuilder("[");
        for (int n = 0; n < PEOPLE; n++) {
            json.append(n == 0 ? "[" : ",[");
            for (int j = 0; j < 16; j++) {
                json.append(j == 0 ? "" : ",").append("[").append(fromMat[n][j][0]).append(",").append(fromMat[n][j][1]).append("]");
            }
            json.append("]");
        }
        Path file = Files.writeString(dir.resolve("pred.json"), json.append("]").toString());
        assertArrayEquals(fromMat, MpiiPredictionsReader.read(file));

        fromMat[0][0][0] = 115.10000001; // kept in double: float32 would make it 115.1
        Path precise = Files.writeString(dir.resolve("precise.json"), json.toString().replaceFirst("\\[\\[\\[[^,]*,",
                "[[[115.10000001,"));
        assertEquals(115.10000001, MpiiPredictionsReader.read(precise)[0][0][0]);
    }

    @Test
    void namesTheBadPrediction() throws IOException {
        Path file = Files.writeString(dir.resolve("short.json"), "[[[1, 2]]]");
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiPredictionsReader.read(file));
        assertEquals(file + ": prediction[0]: 'joints' has 1 entries instead of 16", e.getMessage());

        Path mat = MatFiles.write(dir.resolve("pred3.mat"), "preds", MatFiles.filled(new int[] {PEOPLE, 16, 3}, at -> 1));
        e = assertThrows(AnnotationFormatException.class, () -> MpiiPredictionsReader.read(mat));
        assertEquals(mat + ": preds: has shape [2, 16, 3], expected [N, 16, 2]", e.getMessage());
    }

    private static Array missingJointThreeOfPersonOne() {
        return MatFiles.filled(new int[] {16, PEOPLE}, at -> at[0] == 3 && at[1] == 1 ? 1 : 0);
    }

    /** Person n's head box corners (1-based): (11 + n, 21 + n) and (41 + n, 61 + n). */
    private static Array headBoxes() {
        return MatFiles.filled(new int[] {2, 2, PEOPLE}, at -> (at[0] == 0 ? (at[1] == 0 ? 11 : 21) : (at[1] == 0 ? 41 : 61)) + at[2]);
    }

    private static void assertGroundTruth(List<LabelledJoints> truth) {
        assertEquals(PEOPLE, truth.size());
        assertArrayEquals(new double[] {107, 207}, truth.get(1).joints()[7]);
        assertEquals(0, truth.get(1).visibility()[3]);
        assertEquals(1, truth.get(0).visibility()[3]);
        assertArrayEquals(new double[] {11, 21, 41, 61}, truth.get(1).headBox());
    }
}
