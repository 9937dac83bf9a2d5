package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What a {@link Trunk} hands on.
 *
 * @param aggregated the features the {@link FeatureAggregation} weighs the branches by (the
 *     hourglass's stem output S0; a backbone's output)
 * @param features the features every branch starts from (after the shared stacks)
 * @param heatmaps the trunk's own heatmaps, in output order (one per shared stack; none for a backbone)
 */
public record TrunkOutput(NDArray aggregated, NDArray features, NDList heatmaps) {}
