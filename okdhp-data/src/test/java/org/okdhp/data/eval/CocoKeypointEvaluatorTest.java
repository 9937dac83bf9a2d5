package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.CocoAnnotation;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.CocoImage;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.JointSet;

/**
 * Hand-derived cases. A detection placed exactly on a ground truth has OKS 1 and one placed
 * 1000 px away has OKS 0, so every match below is decided by construction; expected numbers follow
 * from the precision/recall sequences written next to them.
 */
class CocoKeypointEvaluatorTest {

    private static final double EXACT = 1e-12;
    private static final long PERSON = 1;
    private static final double LARGE_AREA = 20_000;
    private static final double MEDIUM_AREA = 2_000;
    /** Recall points 0.00..0.50 of the 101: where precision is read when recall stops at 1/2. */
    private static final double HALF_RECALL_POINTS = 51.0 / 101;

    private final List<CocoImage> images = new ArrayList<>(List.of(image(1), image(2)));
    private final List<CocoAnnotation> people = new ArrayList<>();
    private final List<CocoKeypointResult> results = new ArrayList<>();

    @Test
    void aPerfectDetectionScoresOneAndAbsentAreaRangesMinusOne() {
        person(1, 100, 100, LARGE_AREA);
        detect(1, 100, 100, 0.9);
        CocoKeypointStats stats = evaluate();
        assertStats(stats, 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);
    }

    @Test
    void aHigherScoredDuplicateFarAwayHalvesPrecision() {
        person(1, 100, 100, LARGE_AREA);
        detect(1, 1100, 1100, 0.95); // FP first: precision [0, 1/2] -> interpolated 1/2 everywhere
        detect(1, 100, 100, 0.9);
        assertStats(evaluate(), 0.5, 0.5, 0.5, -1, 0.5, 1, 1, 1, -1, 1);
    }

    @Test
    void aLowerScoredDuplicateOfAMatchedPersonDoesNotLowerAp() {
        person(1, 100, 100, LARGE_AREA);
        detect(1, 100, 100, 0.9);
        detect(1, 100, 100, 0.8); // the person is taken: FP, but after recall already reached 1
        assertStats(evaluate(), 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);
    }

    @Test
    void aCrowdAbsorbsAnyNumberOfDetectionsWithoutCountingThem() {
        person(1, 100, 100, LARGE_AREA);
        unlabelled(1, new double[] {500, 500, 100, 100}, true);
        detect(1, 550, 550, 0.95); // inside the crowd's doubled box: OKS 1 with it, ignored
        detect(1, 540, 540, 0.94);
        detect(1, 100, 100, 0.9);
        assertStats(evaluate(), 1, 1, 1, -1, 1, 1, 1, 1, -1, 1);
    }

    @Test
    void aPersonWithoutKeypointsAbsorbsOneDetectionOnly() {
        person(1, 100, 100, LARGE_AREA);
        unlabelled(1, new double[] {500, 500, 100, 100}, false);
        detect(1, 550, 550, 0.95); // matched to the ignored person: ignored
        detect(1, 540, 540, 0.94); // it is taken and not a crowd: FP -> precision [0, 0, 1/2]
        detect(1, 100, 100, 0.9);
        assertStats(evaluate(), 0.5, 0.5, 0.5, -1, 0.5, 1, 1, 1, -1, 1);
    }

    @Test
    void onlyIgnoredGroundTruthsGiveMinusOne() {
        unlabelled(1, new double[] {500, 500, 100, 100}, false);
        detect(1, 550, 550, 0.95);
        assertStats(evaluate(), -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    }

    @Test
    void emptyResultsScoreZeroWherePeopleExist() {
        person(1, 100, 100, LARGE_AREA);
        assertStats(evaluate(), 0, 0, 0, -1, 0, 0, 0, 0, -1, 0);
    }

    @Test
    void aDetectionOnAnImageWithoutPeopleIsAFalsePositive() {
        person(1, 100, 100, LARGE_AREA);
        detect(2, 100, 100, 0.95);
        detect(1, 100, 100, 0.9);
        assertStats(evaluate(), 0.5, 0.5, 0.5, -1, 0.5, 1, 1, 1, -1, 1);
    }

    @Test
    void areaRangesIgnorePeopleAndUnmatchedDetectionsOutsideThem() {
        person(1, 100, 100, MEDIUM_AREA);
        person(2, 100, 100, LARGE_AREA);
        // A far false positive whose keypoints span 160 x 80 px = 12800 px^2: large, so the medium
        // range ignores it while "all" and "large" count it.
        detect(1, 1100, 1100, 0.95);
        detect(1, 100, 100, 0.9);
        // all: [FP, TP] of 2 people -> precision 1/2 up to recall 1/2
        // medium: the FP is ignored, TP of 1 -> 1; large: the medium match is ignored, no TP -> 0
        double all = 0.5 * HALF_RECALL_POINTS;
        assertStats(evaluate(), all, all, all, 1, 0, 0.5, 0.5, 0.5, 1, 0);
    }

    @Test
    void onlyTheTwentyBestScoredDetectionsPerImageCount() {
        person(1, 100, 100, LARGE_AREA);
        for (int i = 0; i < CocoKeypointEvaluator.MAX_DETECTIONS; i++) {
            detect(1, 1100 + 10 * i, 1100, 0.9 - 0.01 * i);
        }
        detect(1, 100, 100, 0.05); // the 21st: cut before matching
        assertStats(evaluate(), 0, 0, 0, -1, 0, 0, 0, 0, -1, 0);
    }

    @Test
    void aResultOnAnImageOutsideTheGroundTruthIsAnError() {
        person(1, 100, 100, LARGE_AREA);
        detect(99, 100, 100, 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::evaluate);
        assertTrue(e.getMessage().contains("image_id 99"), e.getMessage());
    }

    @Test
    void printsThePycocotoolsLayout() {
        person(1, 100, 100, LARGE_AREA);
        detect(1, 1100, 1100, 0.95);
        detect(1, 100, 100, 0.9);
        String[] lines = evaluate().toString().split("\n");
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.500", lines[0]);
        assertEquals(" Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.500", lines[2]);
        assertEquals(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = -1.000", lines[3]);
        assertEquals(" Average Recall     (AR) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 1.000", lines[6]);
        assertEquals(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 1.000", lines[9]);
    }

    private CocoKeypointStats evaluate() {
        CocoCategory person = new CocoCategory(PERSON, "person", JointSet.COCO.jointNames());
        return new CocoKeypointEvaluator(new CocoAnnotations(images, people, List.of(person))).evaluate(results);
    }

    private static CocoImage image(long id) {
        return new CocoImage(id, id + ".jpg", 2000, 2000);
    }

    /** 17 keypoints on a diagonal from (x, y), 10 px apart in x and 5 in y, with visibility / score v. */
    private static double[] keypoints(double x, double y, double v) {
        double[] k = new double[3 * JointSet.COCO.size()];
        for (int j = 0; j < JointSet.COCO.size(); j++) {
            k[3 * j] = x + 10 * j;
            k[3 * j + 1] = y + 5 * j;
            k[3 * j + 2] = v;
        }
        return k;
    }

    private void person(long imageId, double x, double y, double area) {
        people.add(new CocoAnnotation(people.size() + 1, imageId, PERSON, new double[] {x, y, 160, 80},
                keypoints(x, y, 2), JointSet.COCO.size(), false, area));
    }

    private void unlabelled(long imageId, double[] box, boolean crowd) {
        people.add(new CocoAnnotation(people.size() + 1, imageId, PERSON, box,
                new double[3 * JointSet.COCO.size()], 0, crowd, box[2] * box[3]));
    }

    private void detect(long imageId, double x, double y, double score) {
        results.add(CocoKeypointResult.of(imageId, PERSON, keypoints(x, y, 1), score));
    }

    private static void assertStats(CocoKeypointStats stats, double... expected) {
        double[] actual = stats.asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
        String[] names = stats.asMap().keySet().toArray(String[]::new);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], EXACT, names[i] + "\n" + stats);
        }
    }
}
