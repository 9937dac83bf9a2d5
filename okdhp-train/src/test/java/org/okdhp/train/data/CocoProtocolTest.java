package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.CenterScale;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.heatmap.DecodedPose;

/**
 * HRNet's rescoring and OKS-NMS on two boxes around the one person P of an image: A, whose
 * keypoints are 5 px off (OKS 0.930 with P: above 9 of the 10 thresholds, so AP 0.9 when A is
 * the person kept), and B, exact (AP 1.0 when kept). A and B overlap far beyond OKS 0.9.
 */
class CocoProtocolTest {

    private static final double ASPECT_RATIO = 192.0 / 256;
    private static final float A_OFFSET_PX = 5;

    @TempDir
    Path dir;

    @Test
    void theShiftGivesTheSimilarityTheseTestsRelyOn() {
        double oks = CocoPeople.oksOfShift(A_OFFSET_PX, CocoPeople.P_AREA);
        assertTrue(oks > 0.9 && oks < 0.95, "OKS " + oks);
    }

    /** A's box scores higher, but its joints are unsure: 1.0 x 0.5 = 0.5 against B's 0.6 x 1.0. */
    @Test
    void peopleAreRankedByBoxScoreTimesJointConfidence() throws IOException {
        assertEquals(1.0, ap(box(1.0), predictionA(0.5f), box(0.6), predictionB()), 1e-12);
    }

    /** A ranks first and B is suppressed; without NMS B would rescue the 0.95 threshold (AP 0.95). */
    @Test
    void duplicatesOfTheBestPersonAreSuppressed() throws IOException {
        assertEquals(0.9, ap(box(1.0), predictionA(1f), box(0.6), predictionB()), 1e-12);
    }

    /** A's one joint at 0.1 is below 0.2 and left out: A = 0.9 beats B = 0.88 (counted, it would be 0.853). */
    @Test
    void jointsScoringAtMostPointTwoDoNotCountTowardThePersonScore() throws IOException {
        float[] scores = new float[17];
        Arrays.fill(scores, 0.9f);
        scores[16] = 0.1f;
        DecodedPose a = new DecodedPose(predictionA(1f).joints(), scores);
        assertEquals(0.9, ap(box(1.0), a, box(0.88), predictionB()), 1e-12);
    }

    /** The same person in two images: identical predictions in different images are both kept. */
    @Test
    void suppressionStaysWithinAnImage() throws IOException {
        Path truth = DataFolders.cocoFile(dir.resolve("two.json"),
                List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480), DataFolders.cocoImage(2, "2.jpg", 640, 480)),
                List.of(DataFolders.cocoPerson(1, 1, CocoPeople.P_BOX, CocoPeople.P_AREA, CocoPeople.pKeypoints(), false),
                        DataFolders.cocoPerson(2, 2, CocoPeople.P_BOX, CocoPeople.P_AREA, CocoPeople.pKeypoints(), false)));
        CocoProtocol protocol = new CocoProtocol(CocoAnnotationsReader.read(truth),
                List.of(box(1.0, 1), box(1.0, 2)), ASPECT_RATIO);
        assertEquals(1.0, protocol.evaluate(List.of(predictionB(), predictionB())).get("AP"), 1e-12);
    }

    @Test
    void needsOnePredictionPerBox() throws IOException {
        CocoProtocol protocol = new CocoProtocol(CocoAnnotationsReader.read(onePerson()), List.of(box(1.0)), ASPECT_RATIO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> protocol.evaluate(List.of(predictionB(), predictionB())));
        assertEquals("2 predictions for 1 validation boxes", e.getMessage());
    }

    private double ap(PoseInstance first, DecodedPose firstPose, PoseInstance second, DecodedPose secondPose) throws IOException {
        CocoProtocol protocol = new CocoProtocol(CocoAnnotationsReader.read(onePerson()), List.of(first, second), ASPECT_RATIO);
        return protocol.evaluate(List.of(firstPose, secondPose)).get("AP");
    }

    private Path onePerson() throws IOException {
        return DataFolders.cocoFile(dir.resolve("one.json"), List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480)),
                List.of(DataFolders.cocoPerson(1, 1, CocoPeople.P_BOX, CocoPeople.P_AREA, CocoPeople.pKeypoints(), false)));
    }

    private static PoseInstance box(double score) {
        return box(score, 1);
    }

    /** A detected box around P in image {@code imageId}, as HRNet crops it. */
    private static PoseInstance box(double score, long imageId) {
        double[] b = CocoPeople.P_BOX;
        CenterScale crop = CenterScale.fromBox(b[0], b[1], b[2], b[3], ASPECT_RATIO);
        return new PoseInstance(Path.of(imageId + ".jpg"), imageId, crop.centerX(), crop.centerY(), crop.scale(),
                new float[17][2], new float[17], null, b[2] * b[3], score);
    }

    /** P's keypoints exactly, every joint scoring 1. */
    private static DecodedPose predictionB() {
        return CocoPeople.shifted(pose(), 0, 1f);
    }

    private static DecodedPose predictionA(float jointScore) {
        return CocoPeople.shifted(pose(), A_OFFSET_PX, jointScore);
    }

    private static DecodedPose pose() {
        double[] keypoints = CocoPeople.pKeypoints();
        float[][] joints = new float[17][];
        for (int k = 0; k < 17; k++) {
            joints[k] = new float[] {(float) keypoints[3 * k], (float) keypoints[3 * k + 1]};
        }
        return new DecodedPose(joints, new float[17]);
    }
}
