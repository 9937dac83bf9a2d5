package org.okdhp.data.transform;

import org.okdhp.data.annotation.JointSet;

/**
 * The train-time mirror (spec section 5), applied to the labels before the crop:
 * x' = width - 1 - x, left/right joints swapped, the box center mirrored.
 */
public final class HorizontalFlip {

    private HorizontalFlip() {
    }

    /** Mirrored joints, re-indexed so that joint j holds what was its flip partner. */
    public static float[][] joints(float[][] joints, int imageWidth, JointSet jointSet) {
        int[] perm = jointSet.flipPermutation();
        float[][] out = new float[joints.length][];
        for (int j = 0; j < joints.length; j++) {
            float[] src = joints[perm[j]];
            out[j] = new float[] {imageWidth - 1 - src[0], src[1]};
        }
        return out;
    }

    /** Per-joint values (visibility) re-indexed like {@link #joints}. */
    public static float[] swapPairs(float[] perJoint, JointSet jointSet) {
        int[] perm = jointSet.flipPermutation();
        float[] out = new float[perJoint.length];
        for (int j = 0; j < perJoint.length; j++) {
            out[j] = perJoint[perm[j]];
        }
        return out;
    }

    /** The mirrored box: same size and rotation, center x' = width - 1 - x. */
    public static CropBox box(CropBox box, int imageWidth) {
        return new CropBox(imageWidth - 1 - box.centerX(), box.centerY(), box.scale(), box.rotationDegrees());
    }
}
