package org.okdhp.train.data;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.okdhp.data.heatmap.DecodedPose;

/** The COCO people the data tests share, and the OKS arithmetic that predicts their scores. */
final class CocoPeople {

    static final double P_AREA = 20000;
    static final double Q_AREA = 3000;
    static final double[] P_BOX = {200, 100, 100, 200};
    /** pycocotools' per-keypoint sigmas. */
    static final double[] SIGMAS = {.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107,
            .087, .087, .089, .089};
    static final double[] OKS_THRESHOLDS = IntStream.range(0, 10).mapToDouble(i -> 0.5 + 0.05 * i).toArray();

    private CocoPeople() {}

    /** P: large, all 17 keypoints labelled, keypoint k at (210 + 5k, 110 + 11k). */
    static double[] pKeypoints() {
        double[] keypoints = new double[51];
        for (int k = 0; k < 17; k++) {
            keypoints[3 * k] = 210 + 5 * k;
            keypoints[3 * k + 1] = 110 + 11 * k;
            keypoints[3 * k + 2] = 2;
        }
        return keypoints;
    }

    /** P (image 1), a crowd (image 1), Q (image 2, medium, nose unlabelled), a person without keypoints (image 2). */
    static List<Map<String, Object>> twoPeopleACrowdAndAnUnlabelledOne() {
        double[] q = new double[51];
        for (int k = 1; k < 17; k++) {
            q[3 * k] = 55 + 2 * k;
            q[3 * k + 1] = 55 + 5 * k;
            q[3 * k + 2] = 2;
        }
        return List.of(
                DataFolders.cocoPerson(10, 1, P_BOX, P_AREA, pKeypoints(), false),
                DataFolders.cocoPerson(11, 1, new double[] {400, 100, 100, 100}, 5000, new double[51], true),
                DataFolders.cocoPerson(20, 2, new double[] {50, 50, 50, 100}, Q_AREA, q, false),
                DataFolders.cocoPerson(21, 2, new double[] {300, 50, 30, 60}, 1500, new double[51], false));
    }

    /** COCO's OKS of a person whose every keypoint (all labelled) is {@code dx} px off: mean of exp(-dx^2 / (2 A (2 sigma)^2)). */
    static double oksOfShift(double dx, double area) {
        return IntStream.range(0, 17).mapToDouble(k -> Math.exp(-dx * dx / (2 * area * 4 * SIGMAS[k] * SIGMAS[k]))).average()
                .orElseThrow();
    }

    /** {@code pose} moved {@code dx} px right, every joint scoring {@code score}. */
    static DecodedPose shifted(DecodedPose pose, float dx, float score) {
        float[][] joints = pose.joints();
        float[][] moved = new float[joints.length][];
        float[] scores = new float[joints.length];
        for (int k = 0; k < joints.length; k++) {
            moved[k] = new float[] {joints[k][0] + dx, joints[k][1]};
            scores[k] = score;
        }
        return new DecodedPose(moved, scores);
    }
}
