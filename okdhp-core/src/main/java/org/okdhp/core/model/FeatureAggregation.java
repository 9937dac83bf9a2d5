package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.okdhp.core.weights.TorchNamed;

/**
 * The part of a multi-branch network that weighs its K branches into the ensemble that teaches
 * them (OKDHP's Feature Aggregation Unit): per image and joint, an attention over the branches
 * computed from the trunk's features. Pruning drops it; its parameters carry their PyTorch names.
 */
public interface FeatureAggregation extends Block, TorchNamed {

    /** Attention alpha [B, K, J], summing to 1 over the K branches, from {@link TrunkOutput#aggregated()}. */
    NDArray attention(ParameterStore ps, NDArray trunkFeatures, boolean training);

    /** E = sum over b of alpha[:, b, :, None, None] * H_b, for the branches' final heatmaps H_b [B, J, h, w]. */
    static NDArray ensemble(NDArray alpha, NDList finalHeatmaps) {
        Shape a = alpha.getShape();
        NDArray weights = alpha.reshape(a.get(0), a.get(1), a.get(2), 1, 1);
        return NDArrays.stack(finalHeatmaps, 1).mul(weights).sum(new int[] {1});
    }
}
