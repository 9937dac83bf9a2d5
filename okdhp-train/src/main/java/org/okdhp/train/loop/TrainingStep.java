package org.okdhp.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.okdhp.core.loss.LossTerms;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.optim.AdamOptimizer;
import org.okdhp.train.optim.GradientClipping;
import org.okdhp.train.tensor.InPlace;

/**
 * One optimizer step of one-stage distillation on one device: training-mode forward (batch
 * statistics), the total OKDHP loss, backward, optional global-norm clipping, Adam. Every
 * intermediate array lives in the caller's per-step manager, so closing it frees the step.
 */
public final class TrainingStep implements BatchStep {

    /** Tensors named in the error when the gradient norm is not finite. */
    private static final int WORST_SHOWN = 4;

    private final OkdhpNetwork network;
    private final Map<String, Parameter> parameters;
    private final OkdhpLoss loss;
    private final AdamOptimizer optimizer;
    private final Optional<GradientClipping> clipping;
    private StepPhases lastPhases;

    public TrainingStep(OkdhpNetwork network, OkdhpLoss loss, AdamOptimizer optimizer,
            Optional<GradientClipping> clipping) {
        this.network = network;
        this.parameters = network.okdhpParameters().asMap();
        this.loss = loss;
        this.optimizer = optimizer;
        this.clipping = clipping;
        parameters.values().stream()
                .filter(Parameter::requiresGradient)
                .forEach(p -> p.getArray().setRequiresGradient(true));
    }

    @Override
    public StepLosses run(NDArray images, NDArray target, NDArray weight, int epoch, long stepIndex, NDManager scope) {
        StepLosses losses;
        long start = System.nanoTime();
        long forwardDone;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossTerms terms = forward(network, loss, images, target, weight, epoch, scope);
            losses = StepLosses.of(terms).requireFinite(epoch, stepIndex);
            forwardDone = System.nanoTime();
            collector.backward(terms.total());
        }
        long backwardDone = System.nanoTime();
        StepLosses result = losses.withGradientNorm(update(epoch, stepIndex));
        lastPhases = new StepPhases(forwardDone - start, backwardDone - forwardDone, System.nanoTime() - backwardDone);
        return result;
    }

    /** Where the last {@link #run} spent its time (for benchmarks; null before the first step). */
    public StepPhases lastPhases() {
        return lastPhases;
    }

    /** Training-mode forward of {@code network} and its loss terms; gradients are recorded if a collector is open. */
    static LossTerms forward(OkdhpNetwork network, OkdhpLoss loss, NDArray images, NDArray target, NDArray weight,
            int epoch, NDManager scope) {
        return loss.compute(network.run(new ParameterStore(scope, false), images, true), target, weight, epoch);
    }

    /**
     * Clips the accumulated gradients (if configured) and takes one Adam step, which zeroes them.
     *
     * @return the global gradient norm before clipping
     * @throws NonFiniteLossException before the step when that norm is NaN or infinite: a finite
     *     loss can still back-propagate to an infinite gradient, and one Adam step on it would turn
     *     every weight it touches into NaN
     */
    double update(int epoch, long stepIndex) {
        OptionalDouble clippedNorm = clipping.isPresent()
                ? OptionalDouble.of(clipping.get().clip(parameters))
                : OptionalDouble.empty();
        try (AdamOptimizer.Gradients gradients = optimizer.gradients(parameters)) {
            double norm = clippedNorm.orElseGet(gradients::norm);
            if (!Double.isFinite(norm)) {
                throw new NonFiniteLossException("gradient norm (" + worstGradients() + ")", epoch, stepIndex, norm);
            }
            optimizer.step(gradients);
            return norm;
        }
    }

    /** The parameters with the largest gradients, for the error message; computed only on failure. */
    private String worstGradients() {
        List<Map.Entry<String, Double>> largest = new ArrayList<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                try (NDManager scope = p.getArray().getManager().newSubManager()) {
                    NDArray gradient = InPlace.gradient(p.getArray(), scope);
                    largest.add(Map.entry(name, gradient.abs().max().toType(DataType.FLOAT64, false).getDouble()));
                }
            }
        });
        largest.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return "largest |gradient|: " + largest.stream().limit(WORST_SHOWN)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    OkdhpLoss loss() {
        return loss;
    }

    public OkdhpNetwork network() {
        return network;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }
}
