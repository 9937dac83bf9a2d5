package org.okdhp.data.annotation;

import java.util.Arrays;

/**
 * One person's ground-truth joints with the head box PCKh normalizes by, in 0-based image px.
 *
 * @param joints [J][2] joint positions, px
 * @param visibility [J] 1 when the joint is labelled (and counts), else 0
 * @param headBox head box {x1, y1, x2, y2}, px
 */
public record LabelledJoints(float[][] joints, float[] visibility, float[] headBox) {

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
        return new LabelledJoints(instance.joints(), instance.visibility(), instance.headBox());
    }

    /** The same joints normalized by another head box (e.g. from a gt_valid.mat file). */
    public LabelledJoints withHeadBox(float[] box) {
        return new LabelledJoints(joints, visibility, box);
    }

    public int jointCount() {
        return joints.length;
    }

    @Override
    public float[][] joints() {
        return copy(joints);
    }

    @Override
    public float[] visibility() {
        return visibility.clone();
    }

    @Override
    public float[] headBox() {
        return headBox.clone();
    }

    private static float[][] copy(float[][] a) {
        return Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    }
}
