package org.okdhp.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Map;
import org.okdhp.core.model.ActivationLayout;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.weights.StateDictNpz;

/**
 * The independent PyTorch implementation's vectors in ../shared/conformance: a network with F = 64,
 * J = 16, 2 shared stacks and branches [2, 2, 2], its weights, input, outputs and losses.
 */
public final class ReferenceVectors {

    public static final String FILE = "conformance/okdhp_f64_s2_b222.npz";

    public final Map<String, NDArray> arrays;
    public final NDManager manager;

    private ReferenceVectors(NDManager manager, Map<String, NDArray> arrays) {
        this.manager = manager;
        this.arrays = arrays;
    }

    /** Loads the file, or skips the calling test when ../shared is absent. */
    public static ReferenceVectors load(NDManager manager) throws IOException {
        return new ReferenceVectors(manager, StateDictNpz.read(SharedFiles.require(FILE), manager));
    }

    public NDArray get(String key) {
        NDArray array = arrays.get(key);
        if (array == null) {
            throw new IllegalArgumentException("reference vectors have no '" + key + "'");
        }
        return array;
    }

    public static OkdhpNetwork.Builder architecture() {
        return OkdhpNetwork.builder().features(64).joints(16).sharedStacks(2).branches(2, 2, 2);
    }

    /** A network initialised for the reference input and carrying the reference weights. */
    public OkdhpNetwork network() {
        return network(ActivationLayout.AUTO);
    }

    /** The same, with its activations laid out as given. */
    public OkdhpNetwork network(ActivationLayout layout) {
        OkdhpNetwork net = architecture().layout(layout).build();
        net.initialize(manager, DataType.FLOAT32, get("x").getShape());
        StateDictNpz.load(net.okdhpParameters(), arrays, true, FILE);
        return net;
    }

    /** norm(actual - expected) / norm(expected), in double precision. */
    public static double relativeError(NDArray actual, NDArray expected) {
        NDArray a = actual.toType(DataType.FLOAT64, true);
        NDArray e = expected.toType(DataType.FLOAT64, true);
        if (!a.getShape().equals(e.getShape())) {
            throw new AssertionError("shape " + a.getShape() + " != expected " + e.getShape());
        }
        return a.sub(e).norm().getDouble() / e.norm().getDouble();
    }

}
