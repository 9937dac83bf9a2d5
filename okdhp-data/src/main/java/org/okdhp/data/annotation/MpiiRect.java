package org.okdhp.data.annotation;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One person rectangle ({@code annorect}) of the official MPII release, in the file's 1-based
 * pixel coordinates. Test images carry only a center and scale; some training rectangles have no
 * joints, some no center.
 *
 * @param headBox {x1, y1, x2, y2} of the head, or null when the release gives none
 * @param centerX {@code objpos.x}, or NaN when absent
 * @param centerY {@code objpos.y}, or NaN when absent
 * @param scale person height / 200 px, or NaN when absent
 * @param joints [16][2] joint positions in MPII order, 0 where not labelled
 * @param labelled [16] 1 when the joint is annotated, else 0
 * @param visibleFlags [16] {@link #VISIBLE}, {@link #OCCLUDED} or {@link #UNKNOWN_VISIBILITY}
 */
public record MpiiRect(float[] headBox, double centerX, double centerY, double scale, float[][] joints,
                       float[] labelled, int[] visibleFlags) {

    public static final int VISIBLE = 1;
    public static final int OCCLUDED = 0;
    /** The release leaves is_visible empty (or out) for some points, and for unlabelled joints. */
    public static final int UNKNOWN_VISIBILITY = -1;

    public MpiiRect {
        headBox = headBox == null ? null : headBox.clone();
        joints = copy(joints);
        labelled = labelled.clone();
        visibleFlags = visibleFlags.clone();
    }

    public boolean hasCenterAndScale() {
        return !Double.isNaN(centerX) && !Double.isNaN(centerY) && scale > 0;
    }

    public boolean hasHeadBox() {
        return headBox != null;
    }

    public boolean hasLabelledJoints() {
        for (float flag : labelled) {
            if (flag > 0) {
                return true;
            }
        }
        return false;
    }

    /** The person as the pipeline sees it: spec-adjusted center and scale, 0-based px. */
    public PoseInstance toPoseInstance(Path image, long imageId) {
        if (!hasCenterAndScale()) {
            throw new IllegalStateException(image + ": the rectangle has no center and scale to crop by");
        }
        CenterScale box = CenterScale.fromMpii(centerX, centerY, scale);
        return new PoseInstance(image, imageId, box.centerX(), box.centerY(), box.scale(), zeroBasedJoints(),
                labelled, zeroBased(headBox), 0, 1);
    }

    /** The ground truth PCKh compares with, 0-based px. */
    public LabelledJoints toLabelledJoints() {
        return LabelledJoints.widened(zeroBasedJoints(), labelled, zeroBased(headBox));
    }

    @Override
    public float[] headBox() {
        return headBox == null ? null : headBox.clone();
    }

    @Override
    public float[][] joints() {
        return copy(joints);
    }

    @Override
    public float[] labelled() {
        return labelled.clone();
    }

    @Override
    public int[] visibleFlags() {
        return visibleFlags.clone();
    }

    private float[][] zeroBasedJoints() {
        float[][] shifted = new float[joints.length][];
        for (int j = 0; j < joints.length; j++) {
            shifted[j] = zeroBased(joints[j]);
        }
        return shifted;
    }

    private static float[] zeroBased(float[] coordinates) {
        if (coordinates == null) {
            return null;
        }
        float[] shifted = new float[coordinates.length];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (float) (coordinates[i] - CenterScale.ONE_BASED_OFFSET);
        }
        return shifted;
    }

    private static float[][] copy(float[][] a) {
        return Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    }
}
