package org.okdhp.data.heatmap;

/**
 * The training target of one person.
 *
 * @param heatmaps {@code [J][h][w]} flattened Gaussian maps
 * @param weights {@code [J]} target weights: 1 where the joint counts in the loss, else 0
 */
public record HeatmapTarget(float[] heatmaps, float[] weights) {
}
