package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A convolution followed by an inference-mode batch norm, as one convolution: with s = gamma /
 * sqrt(running_var + eps) per output channel, weight' = weight * s and bias' = (bias -
 * running_mean) * s + beta (bias 0 for a convolution without one). Exact in arithmetic; computed in float64 and rounded once to float32.
 *
 * @param weight [O, I, kh, kw], float32
 * @param bias [O], float32
 */
public record FoldedConv(NDArray weight, NDArray bias) {

    /** {@code bn(conv(x))} as one convolution's parameters (the arrays live in the convolution weight's manager). */
    public static FoldedConv of(Conv2d conv, BatchNorm bn) {
        var c = conv.getParameters();
        var b = bn.getParameters();
        NDArray scale = float64(b.get("gamma").getArray())
                .div(float64(b.get("runningVar").getArray()).add(Layers.BN_EPSILON).sqrt());
        long out = scale.size();
        NDArray weight = float64(c.get("weight").getArray()).mul(scale.reshape(out, 1, 1, 1));
        NDArray mean = float64(b.get("runningMean").getArray());
        NDArray shifted = c.get("bias") == null ? mean.neg() : float64(c.get("bias").getArray()).sub(mean);
        NDArray bias = shifted.mul(scale).add(float64(b.get("beta").getArray()));
        return new FoldedConv(weight.toType(DataType.FLOAT32, false), bias.toType(DataType.FLOAT32, false));
    }

    private static NDArray float64(NDArray a) {
        return a.toType(DataType.FLOAT64, true);
    }
}
