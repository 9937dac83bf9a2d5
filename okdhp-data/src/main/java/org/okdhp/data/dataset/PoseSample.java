package org.okdhp.data.dataset;

/**
 * One prepared sample, still in Java arrays (made on a loader thread; turned into NDArrays on
 * the consumer's thread when batched).
 *
 * @param input {@code [3][H][W]} normalised network input, flattened
 * @param target {@code [J][h][w]} Gaussian heatmaps, flattened
 * @param targetWeight {@code [J]}
 * @param joints {@code [J][2]} the joints in input px (for overlays and checks)
 * @param meta what maps the sample back to its image
 */
public record PoseSample(float[] input, float[] target, float[] targetWeight, float[][] joints, SampleMeta meta) {
}
