package org.okdhp.train.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.predict.PoseCodec;

/**
 * What an exported model needs to know beyond its weights.
 *
 * @param codec joint set, input and heatmap sizes and normalisation the model was trained with
 * @param branchMetrics the exported branch's validation numbers by name (empty when unknown)
 * @param trainingSteps optimizer steps taken; written as every BatchNorm's {@code num_batches_tracked}
 */
public record ExportInfo(PoseCodec codec, Map<String, Double> branchMetrics, long trainingSteps) {

    public ExportInfo {
        Objects.requireNonNull(codec, "codec");
        branchMetrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("branch metric '" + name + "' is not a finite number: " + value);
            }
        });
        branchMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(branchMetrics));
        if (trainingSteps < 0) {
            throw new IllegalArgumentException("training steps cannot be negative, got " + trainingSteps);
        }
    }

    /**
     * The data settings of a training configuration (its codec and normalisation), for a model that
     * predicts {@code jointSet}: the joints of the data it was trained on.
     */
    public static ExportInfo of(TrainingConfig config, JointSet jointSet, Map<String, Double> branchMetrics,
            long trainingSteps) {
        PoseCodec codec = new PoseCodec(jointSet, config.data().codec(), config.data().normalization());
        return new ExportInfo(codec, branchMetrics, trainingSteps);
    }
}
