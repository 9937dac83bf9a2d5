package org.okdhp.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.okdhp.core.model.Layers;

/**
 * Training-mode batch norm written out from its definition (PyTorch's semantics), for float64
 * inputs: y = (x - mean) / sqrt(var + eps) * gamma + beta with the batch's per-channel mean and
 * biased variance; the running statistics of a fresh layer (mean 0, variance 1) after one step
 * move by PyTorch's momentum 0.1 toward the batch mean and the <em>unbiased</em> variance.
 */
final class BatchNormReference {

    private static final double TORCH_MOMENTUM = 1.0 - Layers.BN_MOMENTUM;
    private static final int VALUES = 1;

    private BatchNormReference() {}

    static NDArray output(NDArray x, NDArray gamma, NDArray beta) {
        NDArray rows = channelRows(x);
        NDArray centred = rows.sub(rows.mean(new int[] {VALUES}, true));
        NDArray variance = centred.square().mean(new int[] {VALUES}, true);
        NDArray normalised = centred.div(variance.add(Layers.BN_EPSILON).sqrt());
        NDArray y = normalised.mul(gamma.reshape(-1, 1)).add(beta.reshape(-1, 1));
        Shape s = x.getShape();
        return y.reshape(s.get(1), s.get(0), s.get(2), s.get(3)).transpose(1, 0, 2, 3);
    }

    static NDArray runningMean(NDArray x) {
        return channelRows(x).mean(new int[] {VALUES}).mul(TORCH_MOMENTUM);
    }

    static NDArray runningVariance(NDArray x) {
        NDArray rows = channelRows(x);
        long n = rows.getShape().get(VALUES);
        NDArray sumOfSquares = rows.sub(rows.mean(new int[] {VALUES}, true)).square().sum(new int[] {VALUES});
        NDArray unbiased = sumOfSquares.div(n - 1);
        return unbiased.mul(TORCH_MOMENTUM).add(1.0 - TORCH_MOMENTUM);
    }

    /** [B, C, H, W] as [C, B*H*W]: one row of values per channel. */
    private static NDArray channelRows(NDArray x) {
        return x.transpose(1, 0, 2, 3).reshape(x.getShape().get(1), -1);
    }
}
