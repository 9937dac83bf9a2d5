package org.okdhp.core.weights;

/**
 * A block that can list its parameters under the names PyTorch gives them in a state_dict, so
 * weights travel between this library and the authors' PyTorch code by name.
 */
public interface TorchNamed {

    /** Adds every parameter (and BN running statistic) under {@code prefix}. */
    void collectTorchParameters(String prefix, TorchParameters into);
}
