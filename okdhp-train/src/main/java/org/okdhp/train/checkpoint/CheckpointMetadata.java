package org.okdhp.train.checkpoint;

import java.util.List;

/**
 * The scalar part of a checkpoint and the index of its arrays, stored as {@code checkpoint.json}
 * in the payload. Array names are listed here, in order, rather than derived from zip entry
 * names, so that any parameter name (dots, slashes) round-trips unchanged. {@code runId} is null
 * in files written before runs had one.
 */
record CheckpointMetadata(
        int completedEpochs,
        long globalStep,
        double learningRate,
        double rampWeight,
        long generatorState,
        long engineSeed,
        Double bestMetric,
        List<String> model,
        List<OptimizerEntry> optimizer,
        String runId) {

    /** One parameter's Adam step count; its moments are separate npy entries. */
    record OptimizerEntry(String name, long step) {}
}
