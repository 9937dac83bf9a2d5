package org.okdhp.train.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;

/** okdhp's own network (DJL, libtorch) in inference: the last stack's heatmaps. Owns nothing. */
public final class DjlHeatmapPredictor implements HeatmapPredictor {

    private final OkdhpNetwork network;

    public DjlHeatmapPredictor(OkdhpNetwork network) {
        this.network = network;
    }

    @Override
    public NDArray heatmaps(NDArray crops) {
        NDList outputs = network.forward(new ParameterStore(crops.getManager(), false), new NDList(crops), false);
        return new OkdhpOutput(network.heatmapLayout(), outputs).branchFinal(0);
    }

    @Override
    public void close() {
        // The network belongs to whoever built it.
    }
}
