package org.okdhp.train.predict;

import ai.djl.ndarray.NDArray;

/**
 * A model's network at inference: normalised crops [N, 3, H, W] to the deployed prediction's
 * heatmaps [N, J, H/4, W/4], in the crops' manager. One per {@link InferenceEngine}.
 */
public interface HeatmapPredictor extends AutoCloseable {

    NDArray heatmaps(NDArray crops);

    @Override
    void close();
}
