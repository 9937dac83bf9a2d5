package org.okdhp.data.heatmap;

/**
 * One person's decoded prediction.
 *
 * @param joints [J][2] joint positions in image px (0-based)
 * @param scores [J] the heatmap maximum of each joint
 */
public record DecodedPose(float[][] joints, float[] scores) {
}
