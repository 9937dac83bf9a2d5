package org.okdhp.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** MSE(Y) = 0.5 * mean over all B*J*H*W elements of (w * (Y - G))^2, w the per-joint target weight. */
public final class WeightedMse {

    private static final double HALF = 0.5;

    private WeightedMse() {}

    /**
     * @param prediction heatmaps Y [B, J, H, W]
     * @param target heatmaps G [B, J, H, W]
     * @param weight target weights w [B, J]
     */
    public static NDArray of(NDArray prediction, NDArray target, NDArray weight) {
        NDArray w = perMap(weight);
        return ConstantFactor.times(prediction.sub(target).mul(w).square().mean(), HALF);
    }

    /** [B, J] weights as [B, J, 1, 1], to scale whole maps. */
    static NDArray perMap(NDArray weight) {
        Shape s = weight.getShape();
        return weight.reshape(s.get(0), s.get(1), 1, 1);
    }
}
