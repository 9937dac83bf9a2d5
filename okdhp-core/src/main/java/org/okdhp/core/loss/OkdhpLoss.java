package org.okdhp.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.okdhp.core.model.OkdhpOutput;

/**
 * Total = sum over every output Y of MSE(Y) + lambda_ens MSE(E) + lambda_kd r(epoch) sum over every
 * output Y of KL(E || Y). Nothing is detached: the ensemble teaches and is taught, so gradients reach
 * the FAU and the branches through E from its MSE and every KL term.
 *
 * @param lambdaKd weight of the distillation terms (2.0 in the authors' script)
 * @param lambdaEns weight of the ensemble's MSE (1.0)
 * @param ramp the distillation ramp
 */
public record OkdhpLoss(double lambdaKd, double lambdaEns, DistillationRamp ramp) {

    public static final double DEFAULT_LAMBDA_KD = 2.0;
    public static final double DEFAULT_LAMBDA_ENS = 1.0;

    public static OkdhpLoss standard() {
        return new OkdhpLoss(DEFAULT_LAMBDA_KD, DEFAULT_LAMBDA_ENS, DistillationRamp.standard());
    }

    /**
     * @param out the network's outputs
     * @param target target heatmaps [B, J, H, W]
     * @param weight target weights [B, J]
     * @param epoch the 0-based epoch (fractional allowed) that sets the ramp
     */
    public LossTerms compute(OkdhpOutput out, NDArray target, NDArray weight, double epoch) {
        NDList mse = new NDList(out.heatmapCount());
        NDArray total = null;
        for (NDArray y : out.heatmaps()) {
            NDArray term = WeightedMse.of(y, target, weight);
            mse.add(term);
            total = total == null ? term : total.add(term);
        }
        if (!out.hasEnsemble()) {
            return new LossTerms(total, mse, new NDList(), null, 0.0);
        }
        NDArray ensembleMse = WeightedMse.of(out.ensemble(), target, weight);
        NDArray teacher = PixelwiseKl.logDistribution(out.ensemble(), weight);
        NDList kl = new NDList(out.heatmapCount());
        NDArray klSum = null;
        for (NDArray y : out.heatmaps()) {
            NDArray term = PixelwiseKl.of(PixelwiseKl.logDistribution(y, weight), teacher);
            kl.add(term);
            klSum = klSum == null ? term : klSum.add(term);
        }
        double r = ramp.at(epoch);
        total = total.add(ConstantFactor.times(ensembleMse, lambdaEns)).add(ConstantFactor.times(klSum, lambdaKd * r));
        return new LossTerms(total, mse, kl, ensembleMse, r);
    }
}
