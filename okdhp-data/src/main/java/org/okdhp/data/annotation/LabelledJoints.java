package org.okdhp.data.annotation;

import java.util.Arrays;

/**
 * One person's ground-truth joints with the head box PCKh normalizes by, in 0-based image px.
 * Coordinates are doubles, as the reference evaluator keeps them: rounding them to float32 moves
 * errors within about 1e-7 of a threshold to the other side of it.
 *
 * @param joints [J][2] joint positions, px
 * @param visibility [J] 1 when the joint is labelled (and counts), else 0
 * @param headBox head box {x1, y1, x2, y2}, px
 */
public record LabelledJoints(double[][] joints, float[] visibility, double[] headBox) {

    public LabelledJoints {
        if (joints.length != visibility.length) {
            throw new IllegalArgumentException(joints.length + " joints but " + visibility.length + " visibility flags");
        }
        if (headBox == null || headBox.length != 4) {
            throw new IllegalArgumentException("a head box needs 4 numbers {x1, y1, x2, y2}");
        }
        joints = copy(joints);
        visibility = visibility.clone();
        headBox = headBox.clone();
    }

    /** The labelled joints of an instance that carries a head box. */
    public static LabelledJoints of(PoseInstance instance) {
        if (instance.headBox() == null) {
            throw new IllegalArgumentException(instance.image() + ": the person has no head box");
        }
        return widened(instance.joints(), instance.visibility(), instance.headBox());
    }

    /** From the float32 coordinates of the training pipeline (widening is exact). */
    public static LabelledJoints widened(float[][] joints, float[] visibility, float[] headBox) {
        return new LabelledJoints(Arrays.stream(joints).map(LabelledJoints::widened).toArray(double[][]::new), visibility,
                widened(headBox));
    }

    static double[] widened(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    /** The same joints normalized by another head box (e.g. from a gt_valid.mat file). */
    public LabelledJoints withHeadBox(double[] box) {
        return new LabelledJoints(joints, visibility, box);
    }

    public int jointCount() {
        return joints.length;
    }

    @Override
    public double[][] joints() {
        return copy(joints);
    }

    @Override
    public float[] visibility() {
        return visibility.clone();
    }

    @Override
    public double[] headBox() {
        return headBox.clone();
    }

    private static double[][] copy(double[][] a) {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }
}
