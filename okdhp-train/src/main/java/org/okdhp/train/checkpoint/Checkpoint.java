package org.okdhp.train.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.train.optim.AdamState;
import org.okdhp.train.tensor.HostTensor;

/**
 * Everything needed to resume training exactly where it stopped, held in host memory.
 *
 * @param completedEpochs how many epochs are finished; the resumed run starts at this 0-based epoch
 * @param globalStep optimizer steps taken so far
 * @param learningRate the rate in force during the last completed epoch
 * @param rampWeight the distillation ramp weight r(e) of the last completed epoch
 * @param configJson the fully resolved training configuration, as JSON text
 * @param bestMetric the best validation metric so far (empty before the first validation)
 * @param model every named model array, trainable weights and BatchNorm running statistics
 *     alike, in the model's parameter order
 * @param optimizer Adam's per-parameter step counts and moments
 * @param runId the id of the run that wrote it ({@code RunFolder}); empty in files written before runs had one
 * @param keypointSet the keypoint set of a run on a custom keypoint dataset ({@code data.keypoints}), so
 *     that an export needs no file besides the checkpoint; empty for the built-in sets, which the
 *     configuration's data set names
 */
public record Checkpoint(
        int completedEpochs,
        long globalStep,
        double learningRate,
        double rampWeight,
        String configJson,
        OptionalDouble bestMetric,
        Map<String, HostTensor> model,
        AdamState optimizer,
        Optional<String> runId,
        Optional<JointSet> keypointSet) {

    /** A checkpoint of a run on a built-in keypoint set. */
    public Checkpoint(int completedEpochs, long globalStep, double learningRate, double rampWeight, String configJson,
            OptionalDouble bestMetric, Map<String, HostTensor> model, AdamState optimizer, Optional<String> runId) {
        this(completedEpochs, globalStep, learningRate, rampWeight, configJson, bestMetric, model, optimizer, runId,
                Optional.empty());
    }

    public Checkpoint {
        if (completedEpochs < 0 || globalStep < 0) {
            throw new IllegalArgumentException("epochs and steps cannot be negative: completedEpochs="
                    + completedEpochs + ", globalStep=" + globalStep);
        }
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(bestMetric, "bestMetric");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(keypointSet, "keypointSet");
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }
}
