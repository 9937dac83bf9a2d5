package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.CocoAnnotation;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.CocoImage;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.JointSet;

/**
 * COCO AP for a keypoint set other than COCO's, computed by hand: 9 keypoints with their own
 * sigmas, category id 3. Each detected keypoint is displaced along x by the distance d_k at which
 * its OKS term is exactly 0.775 for its sigma, exp(-d^2 / (2 A (2 sigma_k)^2)) = 0.775, so the
 * detection's OKS is 0.775: a match at thresholds 0.50 to 0.75 (6 of 10) and none above.
 */
class CustomKeypointEvaluationTest {

    private static final double TOLERANCE = 1e-12;
    private static final long QUADRUPED = 3;
    private static final double AREA = 4_000; // medium: between 32^2 and 96^2
    private static final double OKS = 0.775;
    private static final List<Double> SIGMAS = List.of(.02, .03, .05, .05, .07, .07, .09, .09, .11);
    private static final JointSet SET = new JointSet("quadruped9", List.of("nose", "left_ear", "right_ear",
            "left_front_paw", "right_front_paw", "left_hind_paw", "right_hind_paw", "tail_base", "tail_tip"),
            new int[][] {{1, 2}, {3, 4}, {5, 6}}, new int[0][], SIGMAS, Collections.nCopies(9, 1.0));

    private final List<CocoAnnotation> truths = new ArrayList<>();
    private final List<CocoKeypointResult> results = new ArrayList<>();

    @Test
    void oneDetectionAtOks0775ScoresSixTenthsAtEveryRecallPoint() {
        truth(1);
        detect(1, displacedBy(OKS), 0.9);
        // AP = AR = 6/10; AP50 = AP75 = 1; every person is medium, so large ranges are -1.
        assertStats(evaluate(), 0.6, 1, 1, 0.6, -1, 0.6, 1, 1, 0.6, -1);
    }

    /**
     * A second person whose detection lies far away: at thresholds up to 0.75 precision is 1 until
     * recall 1/2 (51 of the 101 recall points), then the far detection is a false positive.
     */
    @Test
    void aMissedSecondPersonHalvesRecall() {
        truth(1);
        truth(2);
        detect(1, displacedBy(OKS), 0.9);
        detect(2, 1000, 0.8);
        double halfRecallPoints = 51.0 / 101;
        assertStats(evaluate(), 0.6 * halfRecallPoints, halfRecallPoints, halfRecallPoints, 0.6 * halfRecallPoints,
                -1, 0.3, 0.5, 0.5, 0.3, -1);
    }

    @Test
    void cocoSigmasCannotScoreAnotherKeypointCount() {
        truth(1);
        detect(1, 0, 0.9);
        CocoAnnotations groundTruth = groundTruth();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CocoKeypointEvaluator(groundTruth).evaluate(results));
        assertTrue(e.getMessage().contains("9 keypoints, but this OKS has sigmas for 17"), e.getMessage());
        IllegalArgumentException noSigmas = assertThrows(IllegalArgumentException.class,
                () -> ObjectKeypointSimilarity.of(new JointSet("nine", SET.jointNames(), new int[0][], new int[0][])));
        assertTrue(noSigmas.getMessage().contains("sigmas: [...], one per keypoint"), noSigmas.getMessage());
    }

    /** The x displacement of keypoint k at which its OKS term is {@code oks}, for the truth's area. */
    private static double[] displacedBy(double oks) {
        double[] d = new double[SIGMAS.size()];
        for (int k = 0; k < d.length; k++) {
            double twoSigma = 2 * SIGMAS.get(k);
            d[k] = Math.sqrt(-Math.log(oks) * 2 * AREA * twoSigma * twoSigma);
        }
        return d;
    }

    private CocoKeypointStats evaluate() {
        return new CocoKeypointEvaluator(groundTruth(), ObjectKeypointSimilarity.of(SET)).evaluate(results);
    }

    private CocoAnnotations groundTruth() {
        return new CocoAnnotations(List.of(new CocoImage(1, "1.jpg", 640, 480), new CocoImage(2, "2.jpg", 640, 480)),
                truths, List.of(new CocoCategory(QUADRUPED, "quadruped", SET.jointNames())));
    }

    private static double[] keypoints(double[] dx, double visibility) {
        double[] k = new double[3 * SET.size()];
        for (int j = 0; j < SET.size(); j++) {
            k[3 * j] = 100 + 20 * j + dx[j];
            k[3 * j + 1] = 200 + 5 * j;
            k[3 * j + 2] = visibility;
        }
        return k;
    }

    private void truth(long imageId) {
        truths.add(new CocoAnnotation(truths.size() + 1, imageId, QUADRUPED, new double[] {90, 190, 200, 20},
                keypoints(new double[SET.size()], 2), SET.size(), false, AREA));
    }

    private void detect(long imageId, double[] dx, double score) {
        results.add(CocoKeypointResult.of(imageId, QUADRUPED, keypoints(dx, 1), score));
    }

    private void detect(long imageId, double offset, double score) {
        double[] dx = new double[SET.size()];
        java.util.Arrays.fill(dx, offset);
        detect(imageId, dx, score);
    }

    private static void assertStats(CocoKeypointStats stats, double... expected) {
        double[] actual = stats.asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
        String[] names = stats.asMap().keySet().toArray(String[]::new);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, names[i] + "\n" + stats);
        }
    }
}
