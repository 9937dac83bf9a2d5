package org.okdhp.data.eval;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * COCOeval's {@code accumulate} for one category and area range: the interpolated precision at
 * the 101 recall points and the final recall, per OKS threshold.
 *
 * @param precision [threshold][recall point]
 * @param recall [threshold]
 */
record PrecisionRecall(double[][] precision, double[] recall) {

    /** pycocotools' {@code recThrs = linspace(0, 1, 101)}: i * 0.01 exactly as numpy computes it. */
    static final double[] RECALL_POINTS = IntStream.rangeClosed(0, 100)
            .mapToDouble(i -> i == 100 ? 1.0 : i * (1.0 / 100)).toArray();

    /**
     * @param images the per-image matches in ascending image id order, nulls left out
     * @return null when nothing counts: no image has ground truths or detections, or no ground
     *     truth counts (pycocotools leaves -1 there, which summaries skip)
     */
    static PrecisionRecall of(List<ImageMatches> images, int thresholds) {
        int counted = images.stream().mapToInt(ImageMatches::countedTruths).sum();
        if (images.isEmpty() || counted == 0) {
            return null;
        }
        int total = images.stream().mapToInt(m -> m.scores().length).sum();
        double[] scores = new double[total];
        boolean[][] matched = new boolean[thresholds][total];
        boolean[][] ignored = new boolean[thresholds][total];
        int offset = 0;
        for (ImageMatches image : images) {
            int n = image.scores().length;
            System.arraycopy(image.scores(), 0, scores, offset, n);
            for (int t = 0; t < thresholds; t++) {
                System.arraycopy(image.matched()[t], 0, matched[t], offset, n);
                System.arraycopy(image.ignored()[t], 0, ignored[t], offset, n);
            }
            offset += n;
        }
        // Stable sort by descending score, as numpy's mergesort on -score.
        int[] order = IntStream.range(0, total).boxed()
                .sorted(Comparator.comparingDouble(i -> -scores[i]))
                .mapToInt(Integer::intValue).toArray();
        double[][] precision = new double[thresholds][];
        double[] recall = new double[thresholds];
        for (int t = 0; t < thresholds; t++) {
            double[] recallCurve = new double[total];
            double[] precisionCurve = new double[total];
            int truePositives = 0;
            int falsePositives = 0;
            for (int i = 0; i < total; i++) {
                int d = order[i];
                if (!ignored[t][d]) {
                    truePositives += matched[t][d] ? 1 : 0;
                    falsePositives += matched[t][d] ? 0 : 1;
                }
                recallCurve[i] = (double) truePositives / counted;
                precisionCurve[i] = truePositives / (falsePositives + truePositives + ObjectKeypointSimilarity.EPSILON);
            }
            recall[t] = total > 0 ? recallCurve[total - 1] : 0;
            precision[t] = interpolate(recallCurve, precisionCurve);
        }
        return new PrecisionRecall(precision, recall);
    }

    /**
     * Precision made non-increasing from the right, then read at the first detection whose recall
     * reaches each recall point (numpy's searchsorted, side left); 0 past the last one.
     */
    private static double[] interpolate(double[] recallCurve, double[] precisionCurve) {
        for (int i = precisionCurve.length - 1; i > 0; i--) {
            if (precisionCurve[i] > precisionCurve[i - 1]) {
                precisionCurve[i - 1] = precisionCurve[i];
            }
        }
        double[] atPoints = new double[RECALL_POINTS.length];
        int i = 0;
        for (int r = 0; r < RECALL_POINTS.length; r++) {
            while (i < recallCurve.length && recallCurve[i] < RECALL_POINTS[r]) {
                i++;
            }
            if (i == recallCurve.length) {
                break;
            }
            atPoints[r] = precisionCurve[i];
        }
        return atPoints;
    }
}
