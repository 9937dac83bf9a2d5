package org.okdhp.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.okdhp.train.tensor.InPlace;

/**
 * Clipping by the global L2 norm over all gradients, as {@code torch.nn.utils.clip_grad_norm_}:
 * when the norm exceeds {@code maxNorm} every gradient is scaled by
 * {@code maxNorm / (norm + 1e-6)}, keeping the direction. DJL's own {@code optClipGrad} clamps
 * each element from above only (negative gradients pass unclipped), so it is not used.
 *
 * @param maxNorm the largest global norm let through; must be > 0 (configurations express "off"
 *     by not constructing a clipper)
 */
public record GradientClipping(double maxNorm) {

    /** torch's guard against division by a zero norm. */
    private static final double NORM_EPSILON = 1e-6;

    public GradientClipping {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be > 0, got " + maxNorm);
        }
    }

    /**
     * Clips the gradients of the trainable parameters in place.
     *
     * @return the global norm before clipping (worth logging: spikes precede divergence)
     */
    public double clip(Map<String, Parameter> parameters) {
        NDArray first = parameters.values().stream()
                .filter(Parameter::requiresGradient).map(Parameter::getArray).findFirst().orElse(null);
        if (first == null) {
            return 0.0;
        }
        try (NDManager scope = first.getManager().newSubManager(first.getDevice())) {
            NDList gradients = new NDList();
            NDList norms = new NDList();
            for (Parameter parameter : parameters.values()) {
                if (parameter.requiresGradient()) {
                    NDArray gradient = InPlace.gradient(parameter.getArray(), scope);
                    gradients.add(gradient);
                    NDArray norm = gradient.norm().toDevice(first.getDevice(), false);
                    norm.attach(scope);
                    norms.add(norm);
                }
            }
            // Per-tensor norms first, then the norm of those: torch's order of summation.
            double total = NDArrays.stack(norms).norm().getFloat();
            double scale = maxNorm / (total + NORM_EPSILON);
            if (scale < 1.0) {
                for (NDArray gradient : gradients) {
                    gradient.muli(scale);
                }
            }
            return total;
        }
    }
}
