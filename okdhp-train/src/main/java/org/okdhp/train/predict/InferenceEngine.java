package org.okdhp.train.predict;

import java.util.Locale;

/**
 * What runs a model folder's network at prediction time: okdhp's own DJL blocks on
 * {@code model.params}, or ONNX Runtime on {@code model.onnx}. Both see the same crops and give
 * the same heatmaps to float32 rounding.
 */
public enum InferenceEngine {
    /** DJL with libtorch, the network okdhp trained. */
    DJL,
    /** ONNX Runtime (CPU) on the exported ONNX model. */
    ONNX;

    /** Parses {@code djl} or {@code onnx}, in any case. */
    public static InferenceEngine parse(String text) {
        for (InferenceEngine engine : values()) {
            if (engine.name().equalsIgnoreCase(text.trim())) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown inference engine '" + text + "': expected djl or onnx");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
