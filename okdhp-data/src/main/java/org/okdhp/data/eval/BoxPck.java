package org.okdhp.data.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PCK relative to the object's box, for keypoint sets without OKS sigmas: a labelled keypoint is
 * correct when its prediction lies within {@value #DEFAULT_THRESHOLD} x the box size of the truth,
 * the box size being the larger side of the ground-truth box (max of width and height, px). Scored
 * per keypoint over the objects that label it, and as the mean of the keypoints labelled at all.
 */
public final class BoxPck {

    /** PCK@0.2: the common threshold for box-relative PCK (e.g. animal and hand benchmarks). */
    public static final double DEFAULT_THRESHOLD = 0.2;
    public static final String MEAN = "Mean";

    private BoxPck() {}

    /**
     * One labelled object: its truth, which keypoints it labels, and its box.
     *
     * @param joints [K][2] px
     * @param visibility [K], > 0 where labelled
     * @param boxWidth ground-truth box width, px
     * @param boxHeight ground-truth box height, px
     */
    public record Truth(float[][] joints, float[] visibility, double boxWidth, double boxHeight) {
        double boxSize() {
            return Math.max(boxWidth, boxHeight);
        }
    }

    /**
     * Percentages by keypoint name, then {@value #MEAN}; a keypoint no object labels is left out.
     *
     * @param predictions [N][K][2] px, in the order of {@code truths}
     */
    public static Map<String, Double> evaluate(List<float[][]> predictions, List<Truth> truths, List<String> names,
            double threshold) {
        if (predictions.size() != truths.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for " + truths.size() + " objects");
        }
        int keypoints = names.size();
        long[] labelled = new long[keypoints];
        long[] correct = new long[keypoints];
        for (int n = 0; n < truths.size(); n++) {
            Truth truth = truths.get(n);
            float[][] predicted = predictions.get(n);
            for (int k = 0; k < keypoints; k++) {
                if (truth.visibility()[k] <= 0) {
                    continue;
                }
                labelled[k]++;
                double distance = Math.hypot(predicted[k][0] - truth.joints()[k][0], predicted[k][1] - truth.joints()[k][1]);
                if (distance <= threshold * truth.boxSize()) {
                    correct[k]++;
                }
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < keypoints; k++) {
            if (labelled[k] > 0) {
                double percent = 100.0 * correct[k] / labelled[k];
                scores.put(names.get(k), percent);
                sum += percent;
                counted++;
            }
        }
        scores.put(MEAN, counted == 0 ? Double.NaN : sum / counted);
        return scores;
    }
}
