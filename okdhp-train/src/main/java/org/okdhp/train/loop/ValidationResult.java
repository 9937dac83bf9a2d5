package org.okdhp.train.loop;

import java.util.List;
import java.util.Map;

/**
 * Validation of every branch and of the ensemble.
 *
 * @param metricName the headline metric's label (e.g. "PCKh@0.5 Mean", "AP")
 * @param branches each branch's labelled numbers, by branch index
 * @param ensemble the FAU ensemble's labelled numbers, or null for a single-branch network
 * @param attention the FAU's mean attention [branch][joint] over the validation split, or null
 */
public record ValidationResult(
        String metricName, List<Map<String, Double>> branches, Map<String, Double> ensemble, double[][] attention) {

    /** Branch b's headline metric. */
    public double branchMetric(int branch) {
        return branches.get(branch).get(metricName);
    }

    /** The branch with the highest headline metric (the first on ties). */
    public int bestBranch() {
        int best = 0;
        for (int b = 1; b < branches.size(); b++) {
            if (branchMetric(b) > branchMetric(best)) {
                best = b;
            }
        }
        return best;
    }

    public double ensembleMetric() {
        return ensemble == null ? Double.NaN : ensemble.get(metricName);
    }

    /** Headline metrics as log columns: {@code branch_0 ... branch_{K-1}, ensemble}. */
    public Map<String, Double> headline() {
        Map<String, Double> columns = new java.util.LinkedHashMap<>();
        for (int b = 0; b < branches.size(); b++) {
            columns.put(branchColumn(b), branchMetric(b));
        }
        if (ensemble != null) {
            columns.put(ENSEMBLE_COLUMN, ensembleMetric());
        }
        return columns;
    }

    public static final String ENSEMBLE_COLUMN = "ensemble";

    public static String branchColumn(int branch) {
        return "branch_" + branch;
    }
}
