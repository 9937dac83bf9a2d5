package org.okdhp.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Optional;
import org.okdhp.core.loss.LossTerms;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.train.optim.AdamOptimizer;
import org.okdhp.train.optim.GradientClipping;

/**
 * One optimizer step of one-stage distillation: training-mode forward (batch statistics), the
 * total OKDHP loss, backward, optional global-norm clipping, Adam. Every intermediate array lives
 * in the caller's per-step manager, so closing it frees the step.
 */
public final class TrainingStep {

    private final OkdhpNetwork network;
    private final Map<String, Parameter> parameters;
    private final OkdhpLoss loss;
    private final AdamOptimizer optimizer;
    private final Optional<GradientClipping> clipping;

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

    /**
     * @param images input [B, 3, H, W]
     * @param target heatmaps [B, J, h, w]
     * @param weight target weights [B, J]
     * @param epoch 0-based epoch, for the distillation ramp
     * @param stepIndex the global step, for the error message
     * @param scope the manager the step's arrays are attached to
     * @throws NonFiniteLossException before touching the weights when the loss or the gradient norm
     *     is NaN or infinite
     */
    public StepLosses run(NDArray images, NDArray target, NDArray weight, int epoch, long stepIndex, NDManager scope) {
        StepLosses losses;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            OkdhpOutput out = network.run(new ParameterStore(scope, false), images, true);
            LossTerms terms = loss.compute(out, target, weight, epoch);
            losses = StepLosses.of(terms);
            if (!Double.isFinite(losses.total())) {
                throw new NonFiniteLossException("loss", epoch, stepIndex, losses.total());
            }
            collector.backward(terms.total());
        }
        // A finite loss can still back-propagate to an infinite gradient; one Adam step on it
        // would turn every weight it touches into NaN.
        double norm = clipping.map(c -> c.clip(parameters)).orElseGet(() -> GradientClipping.globalNorm(parameters));
        if (!Double.isFinite(norm)) {
            throw new NonFiniteLossException("gradient norm", epoch, stepIndex, norm);
        }
        optimizer.step(parameters);
        return losses.withGradientNorm(norm);
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }
}
