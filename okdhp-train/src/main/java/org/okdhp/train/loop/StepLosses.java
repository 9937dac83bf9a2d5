package org.okdhp.train.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.okdhp.core.loss.LossTerms;

/**
 * One step's loss terms as host numbers: the total, the sums over every output of MSE and of KL,
 * and the ensemble's MSE (0 without an ensemble); and the global gradient norm before clipping.
 */
public record StepLosses(double total, double mse, double kl, double ensembleMse, double gradientNorm) {

    /** The names the epoch log uses, in column order. */
    public static final java.util.List<String> NAMES = java.util.List.of("total", "mse", "mse_ens", "kl");

    static StepLosses of(LossTerms terms) {
        return new StepLosses(terms.total().getFloat(), terms.mseSum(), terms.klSum(),
                terms.ensembleMse() == null ? 0.0 : terms.ensembleMse().getFloat(), Double.NaN);
    }

    StepLosses withGradientNorm(double norm) {
        return new StepLosses(total, mse, kl, ensembleMse, norm);
    }

    public Map<String, Double> byName() {
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("total", total);
        named.put("mse", mse);
        named.put("mse_ens", ensembleMse);
        named.put("kl", kl);
        return named;
    }
}
