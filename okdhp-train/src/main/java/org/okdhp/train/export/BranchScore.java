package org.okdhp.train.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.okdhp.train.report.EpochRecord;

/**
 * A branch's headline validation metric (PCKh, AP: higher is better) in one epoch of a run's
 * {@code metrics.csv}, where the training loop logs it as column {@code metric_branch_<b>}.
 *
 * @param branch 0-based
 * @param epoch the 0-based epoch of the row
 * @param metric the headline number as logged
 */
public record BranchScore(int branch, int epoch, double metric) {

    /** The key under which an export from the log records the branch's number. */
    public static final String HEADLINE = "headline";

    /** The log's metric name (column minus {@code metric_}) of branch {@code b}. */
    public static String metricName(int branch) {
        return "branch_" + branch;
    }

    /**
     * Every branch's score in the last row before {@code epochLimit} that has them all: the last
     * validation a checkpoint taken after {@code epochLimit} epochs had seen. Empty when no row has.
     */
    public static List<BranchScore> lastValidated(List<EpochRecord> rows, int branches, int epochLimit) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            EpochRecord row = rows.get(i);
            if (row.epoch() >= epochLimit) {
                continue;
            }
            List<BranchScore> scores = new ArrayList<>(branches);
            for (int b = 0; b < branches; b++) {
                double value = row.metrics().getOrDefault(metricName(b), Double.NaN);
                if (!Double.isNaN(value)) {
                    scores.add(new BranchScore(b, row.epoch(), value));
                }
            }
            if (scores.size() == branches) {
                return scores;
            }
        }
        return List.of();
    }

    /** The highest metric; the lower branch index wins a tie. */
    public static BranchScore best(List<BranchScore> scores) {
        return scores.stream()
                .max(Comparator.comparingDouble(BranchScore::metric).thenComparing(BranchScore::branch, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalArgumentException("no branch scores to choose from"));
    }
}
