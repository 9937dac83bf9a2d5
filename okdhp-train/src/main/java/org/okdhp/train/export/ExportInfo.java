package org.okdhp.train.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.transform.Normalization;
import org.okdhp.train.config.DataConfig;
import org.okdhp.train.config.ModelConfig;
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

    /** The data settings of a training configuration: the run's joint set, sizes and colour order. */
    public static ExportInfo of(TrainingConfig config, Map<String, Double> branchMetrics, long trainingSteps) {
        DataConfig data = config.data();
        Normalization normalization = switch (data.colorOrder()) {
            case RGB -> Normalization.imagenet();
            case BGR -> Normalization.imagenetBgr();
        };
        PoseCodec codec = new PoseCodec(jointSet(config), data.inputSize().width(), data.inputSize().height(),
                data.heatmapSize().width(), data.heatmapSize().height(), normalization);
        return new ExportInfo(codec, branchMetrics, trainingSteps);
    }

    /** The data set's joints; synthetic data takes MPII's or COCO's layout by the joint count. */
    private static JointSet jointSet(TrainingConfig config) {
        int joints = config.model().joints();
        return switch (config.data().dataset()) {
            case MPII -> JointSet.MPII;
            case COCO -> JointSet.COCO;
            case SYNTHETIC -> switch (joints) {
                case ModelConfig.MPII_JOINTS -> JointSet.MPII;
                case ModelConfig.COCO_JOINTS -> JointSet.COCO;
                default -> throw new IllegalArgumentException("model.joints = " + joints
                        + " names no known joint set (16 for mpii, 17 for coco)");
            };
        };
    }
}
