package org.okdhp.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okdhp.train.tensor.HostTensor;
import org.okdhp.train.tensor.InPlace;

/**
 * Adam with exactly the update of {@code torch.optim.Adam} (default, non-AMSGrad, coupled
 * weight decay), operating on named DJL parameters, with its state owned here so that a
 * checkpoint can hold it.
 *
 * <p>Per trainable parameter with gradient g, after {@code t} steps of that parameter:
 * <pre>
 *   g   = g + weightDecay * param                     (only when weightDecay != 0)
 *   m   = beta1 * m + (1 - beta1) * g
 *   v   = beta2 * v + (1 - beta2) * g^2
 *   param -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The bias corrections are computed in double precision as torch computes them in Python; the
 * tensor arithmetic runs in float32 on the parameter's device. The gradient is zeroed after the
 * step. Parameters that do not require gradients (BatchNorm running statistics, frozen weights)
 * are skipped.
 *
 * <p>One difference from torch, inherent to DJL: a parameter that received no gradient shows a
 * zero gradient instead of none, so it is still stepped with g = 0 (its moments decay) where
 * torch would skip it. In OKDHP every trainable parameter gets a gradient on every batch.
 *
 * <p>Weights are written through a detached view, so {@link #step} also works while a
 * {@code GradientCollector} is open. Temporaries of each parameter's update live in a
 * sub-manager closed right after it, so memory stays flat across steps. Not thread-safe.
 */
public final class AdamOptimizer implements AutoCloseable {

    private static final float NO_RESCALING = 1f;
    /** libtorch's kernel clips only from above, and only for values >= 0; a negative value turns it off. */
    private static final float NO_CLIPPING = -1f;

    private final AdamHyperparameters hyperparameters;
    private final NDManager stateManager;
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    private double learningRate;

    /**
     * @param parent the manager under which the moments live (e.g. the trainer's); closing the
     *     optimizer frees them, closing {@code parent} does too
     */
    public AdamOptimizer(AdamHyperparameters hyperparameters, NDManager parent) {
        this.hyperparameters = hyperparameters;
        this.learningRate = hyperparameters.learningRate();
        this.stateManager = parent.newSubManager();
    }

    /** One update of every trainable parameter from its current gradient, which is then zeroed. */
    public void step(Map<String, Parameter> parameters) {
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Parameter parameter = entry.getValue();
            if (parameter.requiresGradient()) {
                update(entry.getKey(), parameter.getArray());
            }
        }
    }

    private void update(String name, NDArray weights) {
        Moments state = moments.computeIfAbsent(name, unused -> Moments.zerosLike(weights, stateManager));
        state.step++;
        double beta1 = hyperparameters.beta1();
        double beta2 = hyperparameters.beta2();
        double firstCorrection = 1 - Math.pow(beta1, state.step);
        double secondCorrectionRoot = Math.sqrt(1 - Math.pow(beta2, state.step));
        // torch: w -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps). libtorch's fused kernel (one JNI call
        // instead of ten) computes w -= a * m / (sqrt(v) + e); multiplying numerator and denominator
        // by sqrt(bc2) gives a = lr * sqrt(bc2) / bc1 and e = eps * sqrt(bc2): the same update.
        float stepSize = (float) (learningRate * secondCorrectionRoot / firstCorrection);
        float epsilon = (float) (hyperparameters.epsilon() * secondCorrectionRoot);
        try (NDManager scope = stateManager.newSubManager(weights.getDevice())) {
            NDArray gradient = InPlace.gradient(weights, scope);
            // Also zeroes the gradient afterwards.
            weights.getNDArrayInternal().adamUpdate(
                    new NDList(weights, gradient, state.first, state.second), new NDList(weights),
                    (float) learningRate, stepSize, (float) hyperparameters.weightDecay(), NO_RESCALING,
                    NO_CLIPPING, (float) beta1, (float) beta2, epsilon, false, false);
        }
    }

    public double learningRate() {
        return learningRate;
    }

    /** Sets the step size used from the next step on (the schedule calls this once per epoch). */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    public AdamHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** A host copy of the step counts and moments of every parameter stepped so far. */
    public AdamState exportState() {
        Map<String, AdamState.ParameterMoments> exported = new LinkedHashMap<>();
        moments.forEach((name, state) -> exported.put(name, new AdamState.ParameterMoments(
                state.step, HostTensor.of(state.first), HostTensor.of(state.second))));
        return new AdamState(exported);
    }

    /**
     * Replaces this optimizer's state with {@code state}, placing each moment on the device of the
     * parameter of the same name. Refuses, before changing anything, a state that names a
     * parameter absent from {@code parameters} or with another shape.
     */
    public void importState(AdamState state, Map<String, Parameter> parameters) {
        state.parameters().forEach((name, stored) -> {
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new IllegalArgumentException("Adam state names parameter '" + name + "' that the model does not have");
            }
            stored.firstMoment().requireShapeOf(parameter.getArray(), name);
        });
        moments.values().forEach(Moments::close);
        moments.clear();
        state.parameters().forEach((name, stored) -> {
            Moments restored = Moments.zerosLike(parameters.get(name).getArray(), stateManager);
            stored.firstMoment().copyInto(restored.first);
            stored.secondMoment().copyInto(restored.second);
            restored.step = stored.step();
            moments.put(name, restored);
        });
    }

    @Override
    public void close() {
        stateManager.close();
    }

    /** One parameter's live state on its device. */
    private static final class Moments implements AutoCloseable {
        long step;
        final NDArray first;
        final NDArray second;

        private Moments(NDArray first, NDArray second) {
            this.first = first;
            this.second = second;
        }

        static Moments zerosLike(NDArray weights, NDManager manager) {
            return new Moments(
                    manager.zeros(weights.getShape(), DataType.FLOAT32, weights.getDevice()),
                    manager.zeros(weights.getShape(), DataType.FLOAT32, weights.getDevice()));
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }
}
