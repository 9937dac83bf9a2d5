package org.okdhp.train.device;

import org.okdhp.train.config.DeviceKind;

/**
 * Turns on cuDNN's autotuner for GPU runs: with fixed input sizes, as in pose training, it picks
 * the fastest convolution algorithms once and reuses them. DJL's PyTorch engine reads the
 * property when it starts, so call {@link #configure} before the first use of the engine.
 */
public final class CudnnBenchmark {

    public static final String PROPERTY = "ai.djl.pytorch.cudnn_benchmark";

    private CudnnBenchmark() {}

    /**
     * Sets {@value #PROPERTY}=true for a GPU run unless the user already set the property either
     * way (an explicit {@code -D} wins).
     *
     * @return whether the property is true afterwards
     */
    public static boolean configure(DeviceKind device) {
        if (device == DeviceKind.GPU && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
        return Boolean.parseBoolean(System.getProperty(PROPERTY));
    }
}
