package org.okdhp.train.predict;

/**
 * One predicted keypoint.
 *
 * @param name the joint's name in its joint set, e.g. {@code r_ankle}
 * @param x image px, 0-based (pixel centres on integers)
 * @param y image px, 0-based
 * @param score the heatmap maximum: roughly 1 for a confident joint, near 0 for a guess
 */
public record Joint(String name, float x, float y, float score) {
}
