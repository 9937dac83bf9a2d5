package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.LabelledJoints;

/**
 * Two people with a 30 x 40 px head box: diagonal 50 px, head size 0.6 x 50 = 30 px, so a joint
 * is correct at 0.5 within 15 px and at 0.1 within 3 px.
 */
class PckhMetricTest {

    private static final double EXACT = 1e-9;
    private static final double[] HEAD_BOX = {10, 20, 40, 60};
    private static final int R_ANKLE = 0;
    private static final int L_ANKLE = 5;
    private static final int HEAD_TOP = 9;

    @Test
    void countsOnlyLabelledJointsAndThresholdsInclusively() {
        double[][] truth = joints();
        float[] allLabelled = visibility(-1);
        float[] rightAnkleUnlabelled = visibility(R_ANKLE);
        double[][][] predictions = {joints(), joints()};
        predictions[0][R_ANKLE][0] += 16; // 16/30 > 0.5: wrong
        predictions[0][L_ANKLE][1] += 15; // 15/30 = 0.5: right at 0.5, wrong at 0.1
        predictions[1][R_ANKLE][0] += 100; // not labelled: does not count
        predictions[1][HEAD_TOP][0] += 3.1; // 3.1/30 > 0.1: right at 0.5 only

        PckhResult result = PckhMetric.evaluate(List.of(new LabelledJoints(truth, allLabelled, HEAD_BOX),
                new LabelledJoints(truth, rightAnkleUnlabelled, HEAD_BOX)), predictions);

        assertEquals(1, result.labelledCounts()[R_ANKLE]);
        assertEquals(0, result.pckh()[R_ANKLE], EXACT);
        assertEquals(100, result.pckh()[L_ANKLE], EXACT);
        assertEquals(50, result.strictPckh()[L_ANKLE], EXACT);
        assertEquals(50, result.strictPckh()[HEAD_TOP], EXACT);
        Map<String, Double> table = result.asMap();
        assertEquals(100, table.get("Head"), EXACT);
        assertEquals(50, table.get("Ankle"), EXACT, "mean of right (0) and left (100)");
        assertEquals(100, table.get("Shoulder"), EXACT);
        // 14 joints without pelvis and thorax: 1 + 13 x 2 = 27 labelled, 26 right at 0.5.
        assertEquals(100.0 * 26 / 27, table.get("Mean"), EXACT);
        // At 0.1 the left ankle of person 0 and the head top of person 1 also miss: 24 of 27.
        assertEquals(100.0 * 24 / 27, table.get("Mean@0.1"), EXACT);
        // All 16 joints: 1 + 15 x 2 = 31 labelled, 30 right.
        assertEquals(100.0 * 30 / 31, table.get("AllJoints"), EXACT);
        assertEquals(List.of("Head", "Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle", "Mean", "Mean@0.1",
                "AllJoints"), List.copyOf(table.keySet()));
        assertTrue(result.toString().contains("PCKh@0.1, labelled-count weighted, pelvis and thorax excluded"),
                result.toString());
    }

    /**
     * HRNet's evaluator thresholds in double. 15.00000001 px off with a 30 px head is 0.5000000003
     * head sizes: wrong at 0.5. In float32 both coordinates round and the error becomes exactly
     * 15 px, which would count as right.
     */
    @Test
    void decisionsNearTheThresholdAreTakenInDouble() {
        double[][] truth = joints();
        truth[HEAD_TOP][0] = 100.1;
        double[][] prediction = joints();
        prediction[HEAD_TOP][0] = 115.10000001;
        assertEquals(15f, (float) prediction[HEAD_TOP][0] - (float) truth[HEAD_TOP][0], "float32 would see 15 px");
        PckhResult result = PckhMetric.evaluate(List.of(new LabelledJoints(truth, visibility(-1), HEAD_BOX)),
                new double[][][] {prediction});
        assertEquals(0, result.pckh()[HEAD_TOP], EXACT);
    }

    @Test
    void headSizeIsSixTenthsOfTheDiagonal() {
        assertEquals(30, PckhMetric.headSize(HEAD_BOX), EXACT);
    }

    @Test
    void predictionsMustMatchPeopleOneToOne() {
        List<LabelledJoints> truth = List.of(new LabelledJoints(joints(), visibility(-1), HEAD_BOX));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PckhMetric.evaluate(truth, new double[2][16][2]));
        assertEquals("2 predicted people for 1 ground-truth people", e.getMessage());
    }

    private static double[][] joints() {
        double[][] joints = new double[16][2];
        for (int j = 0; j < joints.length; j++) {
            joints[j][0] = 100 + 7 * j;
            joints[j][1] = 200 + 3 * j;
        }
        return joints;
    }

    /** All joints labelled except {@code unlabelled} (-1: none). */
    private static float[] visibility(int unlabelled) {
        float[] visibility = new float[16];
        java.util.Arrays.fill(visibility, 1);
        if (unlabelled >= 0) {
            visibility[unlabelled] = 0;
        }
        return visibility;
    }
}
