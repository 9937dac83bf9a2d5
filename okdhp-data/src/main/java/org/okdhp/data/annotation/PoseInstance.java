package org.okdhp.data.annotation;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One person in one image, in the form the top-down pipeline and the evaluators share, whatever
 * file it came from. Coordinates are 0-based image pixels after the spec's adjustments (MPII:
 * center y += 15 * scale, scale *= 1.25, minus 1); {@code scale} is the box size / 200 px.
 *
 * @param image the image file
 * @param imageId the dataset's image id (COCO id; MPII: index of the image), or -1
 * @param centerX box center x, px
 * @param centerY box center y, px
 * @param scale box size / 200 px: the crop's source width (spec section 5, "Crop"); MPII boxes are
 *     square, so also their height; COCO: the padded, aspect-corrected width, the height being
 *     width / (model input aspect), see {@link CenterScale#fromBox}
 * @param joints [J][2] joint positions, px
 * @param visibility [J] 1 when the joint is labelled (and counts), else 0
 * @param headBox head box {x1, y1, x2, y2} in px for PCKh, or null when not known
 * @param area the person's area in px^2 (COCO), or 0
 * @param score the detector's score for a detected box, 1 for ground truth
 */
public record PoseInstance(
        Path image,
        long imageId,
        double centerX,
        double centerY,
        double scale,
        float[][] joints,
        float[] visibility,
        float[] headBox,
        double area,
        double score) {

    public PoseInstance {
        if (joints.length != visibility.length) {
            throw new IllegalArgumentException(
                    image + ": " + joints.length + " joints but " + visibility.length + " visibility flags");
        }
        joints = deepCopy(joints);
        visibility = visibility.clone();
        headBox = headBox == null ? null : headBox.clone();
    }

    public int jointCount() {
        return joints.length;
    }

    @Override
    public float[][] joints() {
        return deepCopy(joints);
    }

    @Override
    public float[] visibility() {
        return visibility.clone();
    }

    @Override
    public float[] headBox() {
        return headBox == null ? null : headBox.clone();
    }

    private static float[][] deepCopy(float[][] a) {
        return Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    }
}
