package org.okdhp.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant inside an autograd graph. DJL's {@code mul(Number)} and
 * {@code div(Number)} wrap the number in a tensor over a direct buffer (libtorch's
 * {@code from_blob}, which does not own the memory) and close that tensor as soon as the product
 * is made; autograd keeps it for the backward pass, which then reads memory the garbage collector
 * may already have handed to something else: intermittently enormous or NaN gradients. Here the
 * constant is a libtorch-owned 0-d tensor ({@code full}), kept alive by autograd's reference.
 */
final class ConstantFactor {

    private ConstantFactor() {}

    /** x * factor, differentiable in x. */
    static NDArray times(NDArray x, double factor) {
        return x.mul(x.getManager().full(new Shape(), (float) factor, x.getDataType()));
    }
}
