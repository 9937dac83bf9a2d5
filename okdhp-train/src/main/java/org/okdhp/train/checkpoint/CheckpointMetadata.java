package org.okdhp.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The scalar part of a checkpoint and the index of its arrays, stored as {@code checkpoint.json}
 * in the payload. Array names are listed here, in order, rather than derived from zip entry
 * names, so that any parameter name (dots, slashes) round-trips unchanged. {@code runId} is null
 * in files written before runs had one; {@code keypointSet} (a keypoint-set file's fields) is null
 * for the built-in keypoint sets and in files written before custom ones.
 *
 * <p>Checkpoints written before December 2026 also hold {@code generatorState} and
 * {@code engineSeed}, a random state that no resume ever read (the data pipeline derives every
 * random choice from the run's seed, the epoch and the sample): read and ignored.
 */
@JsonIgnoreProperties({"generatorState", "engineSeed"})
record CheckpointMetadata(
        int completedEpochs,
        long globalStep,
        double learningRate,
        double rampWeight,
        Double bestMetric,
        List<String> model,
        List<OptimizerEntry> optimizer,
        String runId,
        JsonNode keypointSet) {

    /** The metadata of a run on a built-in keypoint set. */
    CheckpointMetadata(int completedEpochs, long globalStep, double learningRate, double rampWeight, Double bestMetric,
            List<String> model, List<OptimizerEntry> optimizer, String runId) {
        this(completedEpochs, globalStep, learningRate, rampWeight, bestMetric, model, optimizer, runId, null);
    }

    /** One parameter's Adam step count; its moments are separate npy entries. */
    record OptimizerEntry(String name, long step) {}
}
