package org.okdhp.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The parts of the OKDHP objective for one batch: every output's MSE and KL (in output order),
 * the ensemble's MSE (null for a single branch), the ramp weight used, and their total.
 */
public record LossTerms(NDArray total, NDList mse, NDList kl, NDArray ensembleMse, double ramp) {

    /** The summed MSE over every output, as a number. */
    public double mseSum() {
        return mse.stream().mapToDouble(NDArray::getFloat).sum();
    }

    /** The summed KL over every output (0 without an ensemble), as a number. */
    public double klSum() {
        return kl.stream().mapToDouble(NDArray::getFloat).sum();
    }
}
