package org.okdhp.train.checkpoint;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.okdhp.train.tensor.HostTensor;

/** Copies a model's named arrays (weights and running statistics) to and from checkpoint form. */
public final class ModelWeights {

    private ModelWeights() {}

    /** Host copies of every initialized parameter, in map order. */
    public static Map<String, HostTensor> capture(Map<String, Parameter> parameters) {
        Map<String, HostTensor> captured = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> captured.put(name, HostTensor.of(parameter.getArray())));
        return captured;
    }

    /**
     * Writes {@code weights} into the parameters in place. The two name sets must be equal and
     * each shape must match; otherwise nothing is written and the error lists the differences.
     */
    public static void restore(Map<String, HostTensor> weights, Map<String, Parameter> parameters) {
        Set<String> missing = new TreeSet<>(parameters.keySet());
        missing.removeAll(weights.keySet());
        Set<String> unexpected = new TreeSet<>(weights.keySet());
        unexpected.removeAll(parameters.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("checkpoint weights do not fit the model: missing " + missing
                    + ", not in the model " + unexpected);
        }
        weights.forEach((name, tensor) -> tensor.requireShapeOf(parameters.get(name).getArray(), name));
        weights.forEach((name, tensor) -> tensor.copyInto(parameters.get(name).getArray()));
    }
}
