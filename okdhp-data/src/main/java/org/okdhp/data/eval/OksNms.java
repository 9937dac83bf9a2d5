package org.okdhp.data.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * HRNet's OKS non-maximum suppression of one image's predicted people ({@code oks_nms}), and its
 * rescoring of a person by the confidence of its keypoints.
 */
public final class OksNms {

    /** HRNet's {@code OKS_THRE}: people overlapping a kept one by more than this OKS are dropped. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    /** HRNet's {@code IN_VIS_THRE}: keypoints scoring at most this do not count toward a person's score. */
    public static final double DEFAULT_KEYPOINT_SCORE_THRESHOLD = 0.2;
    private static final int VALUES_PER_KEYPOINT = 3;

    /**
     * One predicted person.
     *
     * @param keypoints K x {x, y, score} flattened, px
     * @param area the person's box area, px^2 (HRNet: the crop box, (scale * 200)^2 / aspect)
     * @param score the person's score
     */
    public record Candidate(double[] keypoints, double area, double score) {

        public Candidate {
            if (keypoints.length == 0 || keypoints.length % VALUES_PER_KEYPOINT != 0) {
                throw new IllegalArgumentException("keypoints must be K x {x, y, score}, got " + keypoints.length + " values");
            }
            keypoints = keypoints.clone();
        }

        @Override
        public double[] keypoints() {
            return keypoints.clone();
        }
    }

    private OksNms() {}

    /**
     * Greedy: take the best-scoring remaining person, drop every remaining one whose OKS with it
     * exceeds {@code threshold}, repeat. Ties in score go to the later candidate, as numpy's
     * reversed argsort does for short lists.
     *
     * @return indices into {@code candidates} of the people kept, best score first
     */
    public static List<Integer> keep(List<Candidate> candidates, double threshold) {
        return keep(candidates, threshold, ObjectKeypointSimilarity.COCO_PERSON);
    }

    /** The same with the OKS of another keypoint set. */
    public static List<Integer> keep(List<Candidate> candidates, double threshold, ObjectKeypointSimilarity similarity) {
        candidates.forEach(c -> similarity.requireKeypoints(c.keypoints));
        List<Integer> order = new ArrayList<>(IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> candidates.get(i).score())
                        .thenComparingInt(i -> i).reversed())
                .toList());
        List<Integer> kept = new ArrayList<>();
        while (!order.isEmpty()) {
            Candidate best = candidates.get(order.get(0));
            kept.add(order.remove(0));
            order.removeIf(i -> similarity.between(best.keypoints, best.area,
                    candidates.get(i).keypoints, candidates.get(i).area) > threshold);
        }
        return List.copyOf(kept);
    }

    /**
     * HRNet's person score for evaluation: the box score times the mean score of the keypoints
     * scoring above {@code keypointThreshold} (0 when none does).
     *
     * @param keypoints K x {x, y, score} flattened
     */
    public static double rescore(double boxScore, double[] keypoints, double keypointThreshold) {
        double sum = 0;
        int confident = 0;
        for (int k = VALUES_PER_KEYPOINT - 1; k < keypoints.length; k += VALUES_PER_KEYPOINT) {
            if (keypoints[k] > keypointThreshold) {
                sum += keypoints[k];
                confident++;
            }
        }
        return (confident == 0 ? 0 : sum / confident) * boxScore;
    }
}
