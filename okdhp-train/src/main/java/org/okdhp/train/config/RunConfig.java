package org.okdhp.train.config;

import java.util.List;
import org.okdhp.core.model.ActivationLayout;

/**
 * How a run is executed and recorded.
 *
 * @param seed seeds the loop's generator and the engine; equal seeds give comparable runs
 * @param validateEvery validate after every this many epochs
 * @param checkpointEvery refresh {@code last.ckpt} after every this many epochs
 * @param keepCheckpointEvery also keep a permanent copy every this many epochs; 0 keeps none
 * @param device cpu or gpu
 * @param deviceIds GPU ordinals to use; empty uses every visible GPU (must be empty on cpu)
 * @param outputDir folder for checkpoints, curves and the resolved config
 * @param flipTest average with the flipped image's heatmaps at validation
 * @param skipUnreadableSamples skip (and count) samples whose image cannot be read instead of failing
 * @param activationLayout memory layout of the activations: {@code auto} trains channels-first (exact
 *     to the reference) and validates channels-last on CPUs; {@code channels_last} also trains so,
 *     faster on CPUs with batch statistics summed in float32 (see {@link ActivationLayout})
 * @param allowEngineFaults train even when the engine self-check finds an operation that computes
 *     wrong numbers on this machine (see {@code EngineVerification}); off: such a run stops before its first step
 */
public record RunConfig(
        long seed,
        int validateEvery,
        int checkpointEvery,
        int keepCheckpointEvery,
        DeviceKind device,
        List<Integer> deviceIds,
        String outputDir,
        boolean flipTest,
        boolean skipUnreadableSamples,
        ActivationLayout activationLayout,
        boolean allowEngineFaults) {

    public static final long DEFAULT_SEED = 0L;
    public static final int KEEP_NONE = 0;

    public RunConfig {
        deviceIds = List.copyOf(deviceIds);
    }

    public static RunConfig defaults() {
        return new RunConfig(DEFAULT_SEED, 1, 1, KEEP_NONE, DeviceKind.CPU, List.of(), "runs", true, false,
                ActivationLayout.AUTO, false);
    }
}
