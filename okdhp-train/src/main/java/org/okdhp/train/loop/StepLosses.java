package org.okdhp.train.loop;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.core.loss.LossTerms;

/**
 * One step's loss terms as host numbers: the total, the sums over every output of MSE and of KL,
 * and the ensemble's MSE (0 without an ensemble); and the global gradient norm before clipping.
 */
public record StepLosses(double total, double mse, double kl, double ensembleMse, double gradientNorm) {

    /** The names the epoch log uses, in column order. */
    public static final List<String> NAMES = List.of("total", "mse", "mse_ens", "kl");

    static StepLosses of(LossTerms terms) {
        return new StepLosses(terms.total().getFloat(), terms.mseSum(), terms.klSum(),
                terms.ensembleMse() == null ? 0.0 : terms.ensembleMse().getFloat(), Double.NaN);
    }

    StepLosses withGradientNorm(double norm) {
        return new StepLosses(total, mse, kl, ensembleMse, norm);
    }

    /**
     * The losses of a batch split into shards, each term the shard-size-weighted mean of the
     * shards' terms: every term is a mean over its shard's samples, so this is the whole batch's.
     */
    static StepLosses weightedMean(List<StepLosses> shards, int[] shardSizes) {
        double total = 0;
        double mse = 0;
        double kl = 0;
        double ensembleMse = 0;
        double samples = Arrays.stream(shardSizes).sum();
        for (int i = 0; i < shards.size(); i++) {
            double w = shardSizes[i] / samples;
            total += w * shards.get(i).total();
            mse += w * shards.get(i).mse();
            kl += w * shards.get(i).kl();
            ensembleMse += w * shards.get(i).ensembleMse();
        }
        return new StepLosses(total, mse, kl, ensembleMse, Double.NaN);
    }

    /** These losses, or a {@link NonFiniteLossException} when the total is NaN or infinite. */
    StepLosses requireFinite(int epoch, long stepIndex) {
        if (!Double.isFinite(total)) {
            throw new NonFiniteLossException("loss", epoch, stepIndex, total);
        }
        return this;
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
