package org.okdhp.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.okdhp.core.model.OkdhpNetwork;

/** Small networks and inputs for tests that must run in seconds on a CPU. */
public final class TinyNetworks {

    private TinyNetworks() {}

    /** A seeded, initialised network for inputs of the given shape. */
    public static OkdhpNetwork initialised(OkdhpNetwork.Builder builder, NDManager manager, Shape input, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        OkdhpNetwork net = builder.build();
        net.initialize(manager, DataType.FLOAT32, input);
        return net;
    }

    /** Runs one training-mode forward so that BN running statistics move away from (0, 1). */
    public static void warmRunningStatistics(OkdhpNetwork net, NDManager manager, Shape input) {
        net.forward(new ParameterStore(manager, false), new ai.djl.ndarray.NDList(image(manager, input)), true);
    }

    public static NDArray image(NDManager manager, Shape shape) {
        return manager.randomNormal(shape);
    }
}
