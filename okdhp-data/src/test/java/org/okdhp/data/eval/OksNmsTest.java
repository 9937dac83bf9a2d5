package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OksNmsTest {

    private static final double AREA = 10_000;

    @Test
    void dropsNearDuplicatesOfBetterScoredPeopleOnly() {
        List<OksNms.Candidate> people = List.of(
                new OksNms.Candidate(keypoints(100, 0.5f), AREA, 0.7),
                new OksNms.Candidate(keypoints(100.5, 0.5f), AREA, 0.9), // the best
                new OksNms.Candidate(keypoints(900, 0.5f), AREA, 0.8)); // far: OKS 0 with the best
        assertEquals(List.of(1, 2), OksNms.keep(people, OksNms.DEFAULT_THRESHOLD));
        // Nothing overlaps by more than OKS 1: everything stays, best first.
        assertEquals(List.of(1, 2, 0), OksNms.keep(people, 1.0));
    }

    @Test
    void similarityOfOneShiftedKeypointFollowsTheGaussian() {
        double[] a = keypoints(100, 1);
        double[] b = keypoints(100, 1);
        b[0] += 10; // the nose, sigma 0.026: exponent 10^2 / (2 x 0.026)^2 / area / 2
        double exponent = 100 / (0.052 * 0.052) / AREA / 2;
        assertEquals((16 + Math.exp(-exponent)) / 17, ObjectKeypointSimilarity.COCO_PERSON.between(a, AREA, b, AREA), 1e-12);
    }

    @Test
    void rescoringAveragesConfidentKeypointsOnly() {
        double[] keypoints = keypoints(0, 0.1f);
        keypoints[2] = 0.6;
        keypoints[5] = 0.8;
        keypoints[8] = 0.2; // not above the threshold
        assertEquals(0.7 * 0.5, OksNms.rescore(0.5, keypoints, OksNms.DEFAULT_KEYPOINT_SCORE_THRESHOLD), 1e-12);
        assertEquals(0, OksNms.rescore(0.5, keypoints(0, 0.1f), OksNms.DEFAULT_KEYPOINT_SCORE_THRESHOLD));
    }

    private static double[] keypoints(double x, float score) {
        double[] k = new double[51];
        for (int j = 0; j < 17; j++) {
            k[3 * j] = x + 10 * j;
            k[3 * j + 1] = 50 + 5 * j;
            k[3 * j + 2] = score;
        }
        return k;
    }
}
