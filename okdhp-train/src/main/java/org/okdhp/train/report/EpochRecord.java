package org.okdhp.train.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the training log.
 *
 * @param epoch 0-based epoch index (the index the schedule and the ramp use)
 * @param learningRate the rate in force during the epoch
 * @param rampWeight the distillation weight r(epoch)
 * @param losses mean of each loss term over the epoch, by name (e.g. mse, mse_ens, kl, total)
 * @param imagesPerSecond training images processed per wall-clock second
 * @param dataWaitShare fraction of the epoch's wall-clock time spent waiting for batches, [0, 1]
 * @param metrics validation metric of each branch and of the ensemble, by name; NaN in epochs
 *     without validation
 */
public record EpochRecord(
        int epoch,
        double learningRate,
        double rampWeight,
        Map<String, Double> losses,
        double imagesPerSecond,
        double dataWaitShare,
        Map<String, Double> metrics) {

    public EpochRecord {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
