package org.okdhp.data.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * COCOeval's {@code evaluateImg} for one image, category and area range: the greedy matching of
 * detections (by descending score) to ground truths at each OKS threshold.
 *
 * @param scores detection scores, descending (at most maxDets)
 * @param matched [threshold][detection] true when the detection matched a ground truth
 * @param ignored [threshold][detection] true when it matched an ignored ground truth, or matched
 *     nothing and lies outside the area range
 * @param countedTruths ground truths that count (not crowd, not keypoint-less, inside the range)
 */
record ImageMatches(double[] scores, boolean[][] matched, boolean[][] ignored, int countedTruths) {

    /** pycocotools caps thresholds just below 1 so a perfect OKS can still match at 1.0. */
    private static final double HIGHEST_USABLE_THRESHOLD = 1 - 1e-10;

    /**
     * @param truths the image's ground truths of the category, in file order
     * @param detections its detections, by descending score, at most maxDets
     * @param oks [detection][truth] similarities in those orders (empty when either side is)
     * @return null when the image has neither ground truths nor detections (COCOeval's None)
     */
    static ImageMatches of(CocoKeypointEvaluator.Truth[] truths, CocoKeypointEvaluator.Detection[] detections,
                           double[][] oks, CocoAreaRange range, double[] thresholds) {
        if (truths.length == 0 && detections.length == 0) {
            return null;
        }
        boolean[] ignoredTruthInFileOrder = new boolean[truths.length];
        for (int g = 0; g < truths.length; g++) {
            ignoredTruthInFileOrder[g] = truths[g].ignored() || range.excludes(truths[g].area());
        }
        // Counted ground truths first, so a detection prefers them over ignored ones (stable).
        int[] order = IntStream.range(0, truths.length).boxed()
                .sorted(Comparator.comparing(g -> ignoredTruthInFileOrder[g]))
                .mapToInt(Integer::intValue).toArray();
        int counted = 0;
        boolean[] ignoredTruth = new boolean[truths.length];
        for (int g = 0; g < order.length; g++) {
            ignoredTruth[g] = ignoredTruthInFileOrder[order[g]];
            counted += ignoredTruth[g] ? 0 : 1;
        }
        boolean[][] matched = new boolean[thresholds.length][detections.length];
        boolean[][] ignored = new boolean[thresholds.length][detections.length];
        if (truths.length > 0 && detections.length > 0) {
            for (int t = 0; t < thresholds.length; t++) {
                match(truths, order, ignoredTruth, oks, thresholds[t], matched[t], ignored[t]);
            }
        }
        for (int d = 0; d < detections.length; d++) {
            boolean outside = range.excludes(detections[d].area());
            for (int t = 0; t < thresholds.length; t++) {
                ignored[t][d] |= !matched[t][d] && outside;
            }
        }
        double[] scores = Arrays.stream(detections).mapToDouble(CocoKeypointEvaluator.Detection::score).toArray();
        return new ImageMatches(scores, matched, ignored, counted);
    }

    /** One threshold: each detection takes the best still-free ground truth above it. */
    private static void match(CocoKeypointEvaluator.Truth[] truths, int[] order, boolean[] ignoredTruth,
                              double[][] oks, double threshold, boolean[] matched, boolean[] ignored) {
        boolean[] truthTaken = new boolean[order.length];
        for (int d = 0; d < matched.length; d++) {
            double best = Math.min(threshold, HIGHEST_USABLE_THRESHOLD);
            int m = -1;
            for (int g = 0; g < order.length; g++) {
                boolean crowd = truths[order[g]].crowd();
                if (truthTaken[g] && !crowd) {
                    continue; // a person matches once; a crowd region absorbs any number
                }
                if (m > -1 && !ignoredTruth[m] && ignoredTruth[g]) {
                    break; // a counted match beats every ignored ground truth, which all follow
                }
                double similarity = oks[d][order[g]];
                if (similarity < best) {
                    continue;
                }
                best = similarity;
                m = g;
            }
            if (m == -1) {
                continue;
            }
            ignored[d] = ignoredTruth[m];
            matched[d] = true;
            truthTaken[m] = true;
        }
    }
}
