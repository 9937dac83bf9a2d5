package org.okdhp.data.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MPII PCKh per joint, in percent, with HRNet's joint groups and means. Groups are the plain mean
 * of the left and right joint (Head: head_top alone); {@code Mean} weights each joint by how
 * often it is labelled and leaves out pelvis and thorax; {@code AllJoints} weights all 16.
 *
 * @param pckh [16] PCKh@0.5 per MPII joint, %, NaN for a joint never labelled
 * @param strictPckh [16] PCKh@0.1 per joint, %
 * @param labelledCounts [16] how many people have each joint labelled
 */
public record PckhResult(double[] pckh, double[] strictPckh, int[] labelledCounts) {

    private static final int PELVIS = 6;
    private static final int THORAX = 7;
    private static final int HEAD_TOP = 9;
    /** Left/right joint pairs per group, HRNet's {@code mpii.py} order. */
    private static final String[] GROUPS = {"Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle"};
    private static final int[][] GROUP_JOINTS = {{13, 12}, {14, 11}, {15, 10}, {3, 2}, {4, 1}, {5, 0}};

    public PckhResult {
        pckh = pckh.clone();
        strictPckh = strictPckh.clone();
        labelledCounts = labelledCounts.clone();
    }

    /** PCKh@0.5 of head_top, %. */
    public double head() {
        return pckh[HEAD_TOP];
    }

    /** PCKh@0.5 of a group (Shoulder, Elbow, Wrist, Hip, Knee, Ankle): mean of left and right, %. */
    public double group(String name) {
        for (int g = 0; g < GROUPS.length; g++) {
            if (GROUPS[g].equalsIgnoreCase(name)) {
                return 0.5 * (pckh[GROUP_JOINTS[g][0]] + pckh[GROUP_JOINTS[g][1]]);
            }
        }
        throw new IllegalArgumentException("no PCKh group '" + name + "'");
    }

    /** The headline number: PCKh@0.5 over labelled joints except pelvis and thorax, %. */
    public double mean() {
        return weightedMean(pckh, true);
    }

    /** PCKh@0.1 weighted like {@link #mean()}, %. */
    public double meanStrict() {
        return weightedMean(strictPckh, true);
    }

    /** PCKh@0.5 over all labelled joints, pelvis and thorax included, %. */
    public double allJoints() {
        return weightedMean(pckh, false);
    }

    /** Head, Shoulder, Elbow, Wrist, Hip, Knee, Ankle, Mean, Mean@0.1, AllJoints, in %. */
    public Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("Head", head());
        for (String group : GROUPS) {
            values.put(group, group(group));
        }
        values.put("Mean", mean());
        values.put("Mean@0.1", meanStrict());
        values.put("AllJoints", allJoints());
        return values;
    }

    /** A table that names the protocol of every number. */
    @Override
    public String toString() {
        StringBuilder table = new StringBuilder(
                "MPII PCKh, HRNet protocol: head size = 0.6 x head-box diagonal, labelled joints only, in %\n");
        for (Map.Entry<String, Double> row : asMap().entrySet()) {
            String name = row.getKey();
            String protocol = switch (name) {
                case "Head" -> "PCKh@0.5, head_top";
                case "Mean" -> "PCKh@0.5, labelled-count weighted, pelvis and thorax excluded";
                case "Mean@0.1" -> "PCKh@0.1, labelled-count weighted, pelvis and thorax excluded";
                case "AllJoints" -> "PCKh@0.5, labelled-count weighted, all 16 joints";
                default -> "PCKh@0.5, mean of left and right";
            };
            table.append(String.format(Locale.ROOT, "  %-10s %7.2f   (%s)%n", name, row.getValue(), protocol));
        }
        return table.toString();
    }

    private double weightedMean(double[] percent, boolean skipPelvisAndThorax) {
        double sum = 0;
        long count = 0;
        for (int j = 0; j < percent.length; j++) {
            boolean skipped = skipPelvisAndThorax && (j == PELVIS || j == THORAX);
            if (!skipped && labelledCounts[j] > 0) {
                sum += percent[j] * labelledCounts[j];
                count += labelledCounts[j];
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public double[] pckh() {
        return pckh.clone();
    }

    @Override
    public double[] strictPckh() {
        return strictPckh.clone();
    }

    @Override
    public int[] labelledCounts() {
        return labelledCounts.clone();
    }
}
