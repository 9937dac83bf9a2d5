package org.okdhp.data.eval;

import java.util.List;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.LabelledJoints;

/**
 * MPII PCKh the way HRNet's {@code mpii.py evaluate} computes it (spec section 6): the head size
 * is 0.6 x the head box's diagonal; a joint is correct when its error / head size is at most the
 * threshold; only labelled joints count. Ground truth and predictions are both 0-based px here,
 * which gives the same errors as HRNet's 1-based ground truth with predictions + 1. Everything
 * stays in double, as in HRNet's numpy: float32 coordinates flip decisions within ~1e-7 of a threshold.
 *
 * <p>One deliberate difference: HRNet's printed "Mean@0.1" reads its threshold table
 * {@code arange(0, 0.51, 0.01)} at index 11, i.e. 0.11 head sizes; {@link PckhResult#meanStrict()}
 * is at 0.1 exactly, as its label says.
 */
public final class PckhMetric {

    /** HRNet's {@code SC_BIAS}: the head size is this fraction of the head box's diagonal. */
    public static final double HEAD_SIZE_PER_DIAGONAL = 0.6;
    /** The headline threshold, in head sizes. */
    public static final double THRESHOLD = 0.5;
    /** The strict threshold also reported, in head sizes. */
    public static final double STRICT_THRESHOLD = 0.1;

    private static final int JOINTS = JointSet.MPII.size();

    private PckhMetric() {}

    /**
     * PCKh@0.5 and PCKh@0.1 per joint.
     *
     * @param truth one entry per person, 16 MPII joints each
     * @param predictions [N][16][2], 0-based px, in the same order as {@code truth}
     */
    public static PckhResult evaluate(List<LabelledJoints> truth, double[][][] predictions) {
        if (predictions.length != truth.size()) {
            throw new IllegalArgumentException(predictions.length + " predicted people for "
                    + truth.size() + " ground-truth people");
        }
        int[] counted = new int[JOINTS];
        int[] correct = new int[JOINTS];
        int[] strictlyCorrect = new int[JOINTS];
        for (int n = 0; n < predictions.length; n++) {
            LabelledJoints person = truth.get(n);
            if (person.jointCount() != JOINTS || predictions[n].length != JOINTS) {
                throw new IllegalArgumentException("person " + n + ": PCKh needs the 16 MPII joints, got "
                        + person.jointCount() + " labelled and " + predictions[n].length + " predicted");
            }
            double[][] joints = person.joints();
            float[] visibility = person.visibility();
            double headSize = headSize(person.headBox());
            for (int j = 0; j < JOINTS; j++) {
                if (visibility[j] == 0) {
                    continue;
                }
                double dx = predictions[n][j][0] - joints[j][0];
                double dy = predictions[n][j][1] - joints[j][1];
                double error = Math.sqrt(dx * dx + dy * dy) / headSize;
                counted[j]++;
                correct[j] += error <= THRESHOLD ? 1 : 0;
                strictlyCorrect[j] += error <= STRICT_THRESHOLD ? 1 : 0;
            }
        }
        return new PckhResult(percentages(correct, counted), percentages(strictlyCorrect, counted), counted);
    }

    /** 0.6 x the diagonal of {x1, y1, x2, y2}, px. */
    static double headSize(double[] headBox) {
        double width = headBox[2] - headBox[0];
        double height = headBox[3] - headBox[1];
        return HEAD_SIZE_PER_DIAGONAL * Math.sqrt(width * width + height * height);
    }

    /** 100 x correct / counted per joint; NaN for a joint never labelled (HRNet's 0/0). */
    private static double[] percentages(int[] correct, int[] counted) {
        double[] percent = new double[correct.length];
        for (int j = 0; j < percent.length; j++) {
            percent[j] = counted[j] == 0 ? Double.NaN : 100.0 * correct[j] / counted[j];
        }
        return percent;
    }
}
