package org.okdhp.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okdhp.train.tensor.HostTensor;

/**
 * Adam with the update of {@code torch.optim.Adam} (default, non-AMSGrad, coupled weight decay),
 * operating on named DJL parameters, with its state owned here so that a checkpoint can hold it.
 *
 * <p>For every trainable parameter with gradient g, after {@code t} steps:
 * <pre>
 *   g   = g + weightDecay * param                     (only when weightDecay != 0)
 *   m   = beta1 * m + (1 - beta1) * g
 *   v   = beta2 * v + (1 - beta2) * g^2
 *   param -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * in torch's order of float32 operations; the bias corrections are computed in double precision as
 * torch computes them in Python. The gradients are zeroed after the step. Parameters that do not
 * require gradients (BatchNorm running statistics, frozen weights) are skipped.
 *
 * <p>Speed: on its first step (or state import) the optimizer {@linkplain PackedParameters packs}
 * the trainable parameters into one contiguous buffer and keeps its moments in two more, so a step
 * is a few whole-bucket operations instead of ten per parameter. One optimizer therefore steps one
 * fixed set of parameters, all with the same step count (in OKDHP every parameter gets a gradient
 * on every batch; a parameter that received none is stepped with g = 0, where torch would skip it).
 *
 * <p>Weights are written through the packed buffer, which records no gradients, so {@link #step}
 * also works while a {@code GradientCollector} is open. Temporaries of each bucket live in a
 * sub-manager closed right after it: memory stays flat and the temporaries stay in cache. Not
 * thread-safe.
 */
public final class AdamOptimizer implements AutoCloseable {

    private final AdamHyperparameters hyperparameters;
    private final NDManager stateManager;
    private double learningRate;
    private PackedParameters packed;
    private NDArray first;
    private NDArray second;
    private NDList valueBuckets;
    private NDList firstBuckets;
    private NDList secondBuckets;
    private long step;

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
        try (Gradients gradients = gradients(parameters)) {
            step(gradients);
        }
    }

    /** One update from the gradients {@link #gradients} returned; they are then zeroed. */
    public void step(Gradients gradients) {
        PackedParameters weights = gradients.weights;
        if (weights != packed) {
            throw new IllegalArgumentException("these gradients belong to another optimizer's parameters");
        }
        step++;
        double firstCorrection = 1 - Math.pow(hyperparameters.beta1(), step);
        float secondCorrectionRoot = (float) Math.sqrt(1 - Math.pow(hyperparameters.beta2(), step));
        float stepSize = (float) (learningRate / firstCorrection);
        for (int b = 0; b < gradients.perBucket.size(); b++) {
            try (NDManager scope = stateManager.newSubManager(weights.device())) {
                update(valueBuckets.get(b), firstBuckets.get(b), secondBuckets.get(b), gradients.perBucket.get(b),
                        secondCorrectionRoot, stepSize, scope);
            }
        }
        weights.zeroGradients();
    }

    /** The global L2 norm of the gradients the next {@link #step} would apply; they are only read. */
    public double gradientNorm(Map<String, Parameter> parameters) {
        try (Gradients gradients = gradients(parameters)) {
            return gradients.norm();
        }
    }

    /**
     * The current gradients of {@code parameters}, bucket by bucket: views of the packed gradient
     * buffer, which a step reads for their norm and then applies.
     */
    public Gradients gradients(Map<String, Parameter> parameters) {
        PackedParameters weights = packedFor(parameters);
        weights.requirePacked();
        return new Gradients(weights, stateManager.newSubManager(weights.device()), weights.gradientBuckets());
    }

    /** The gradients of one step (see {@link #gradients}); closing frees what computing their norm made. */
    public static final class Gradients implements AutoCloseable {

        private final PackedParameters weights;
        private final NDManager scope;
        private final NDList perBucket;

        private Gradients(PackedParameters weights, NDManager scope, NDList perBucket) {
            this.weights = weights;
            this.scope = scope;
            this.perBucket = perBucket;
        }

        /**
         * Their global L2 norm: a few engine calls per step where going tensor by tensor costs several
         * per parameter (more than the Adam update itself on an OKDHP network).
         */
        public double norm() {
            try (NDManager norms = scope.newSubManager()) {
                NDList perBucketNorms = new NDList(perBucket.size());
                for (NDArray gradient : perBucket) {
                    NDArray norm = gradient.norm();
                    norm.attach(norms); // the gradient is a view owned by the packing
                    perBucketNorms.add(norm);
                }
                return NDArrays.stack(perBucketNorms).norm().getFloat();
            }
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    /** torch's single-tensor Adam on one bucket; {@code gradient} is only read. */
    private void update(NDArray weights, NDArray mean, NDArray variance, NDArray gradient, float secondCorrectionRoot,
            float stepSize, NDManager scope) {
        float beta1 = (float) hyperparameters.beta1();
        float beta2 = (float) hyperparameters.beta2();
        NDArray g = gradient;
        if (hyperparameters.weightDecay() != 0) {
            g = inScope(weights.mul((float) hyperparameters.weightDecay()), scope).addi(gradient);
        }
        mean.muli(beta1).addi(inScope(g.mul((float) (1 - hyperparameters.beta1())), scope));
        variance.muli(beta2).addi(inScope(g.square(), scope).muli((float) (1 - hyperparameters.beta2())));
        NDArray denominator = inScope(variance.sqrt(), scope).divi(secondCorrectionRoot)
                .addi((float) hyperparameters.epsilon());
        weights.subi(inScope(mean.mul(stepSize), scope).divi(denominator));
    }

    /** Moves a temporary made from a long-lived array into the bucket's scope. */
    private static NDArray inScope(NDArray temporary, NDManager scope) {
        temporary.attach(scope);
        return temporary;
    }

    /** The packing of {@code parameters}, made (with zero moments) on first use. */
    private PackedParameters packedFor(Map<String, Parameter> parameters) {
        if (packed == null) {
            packed = PackedParameters.pack(parameters);
            first = stateManager.zeros(new Shape(packed.totalSize()), DataType.FLOAT32, packed.device());
            second = stateManager.zeros(new Shape(packed.totalSize()), DataType.FLOAT32, packed.device());
            valueBuckets = attached(packed.perBucket(packed.values()));
            firstBuckets = attached(packed.perBucket(first));
            secondBuckets = attached(packed.perBucket(second));
        } else if (!packed.packs(parameters)) {
            throw new IllegalArgumentException("this optimizer steps the " + packed.names().size()
                    + " parameters it first packed; it was given another set");
        }
        return packed;
    }

    private NDList attached(NDList views) {
        views.forEach(view -> view.attach(stateManager));
        return views;
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

    /** Adam steps taken so far (torch's per-parameter {@code step}, equal for all here). */
    public long stepCount() {
        return step;
    }

    /** A host copy of the step count and moments of every parameter, empty before the first step. */
    public AdamState exportState() {
        Map<String, AdamState.ParameterMoments> exported = new LinkedHashMap<>();
        if (packed != null && step > 0) {
            try (NDManager scope = stateManager.newSubManager()) {
                NDList means = perParameter(first, scope);
                NDList variances = perParameter(second, scope);
                for (int i = 0; i < packed.names().size(); i++) {
                    exported.put(packed.names().get(i), new AdamState.ParameterMoments(
                            step, HostTensor.of(means.get(i)), HostTensor.of(variances.get(i))));
                }
            }
        }
        return new AdamState(exported);
    }

    /**
     * Replaces this optimizer's state with {@code state} for {@code parameters}. Refuses, before
     * changing anything, a state that names a parameter absent from {@code parameters} or with
     * another shape, that leaves out a trainable one, or whose step counts differ.
     */
    public void importState(AdamState state, Map<String, Parameter> parameters) {
        state.parameters().forEach((name, stored) -> {
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new IllegalArgumentException("Adam state names parameter '" + name + "' that the model does not have");
            }
            stored.firstMoment().requireShapeOf(parameter.getArray(), name);
        });
        if (state.parameters().isEmpty()) {
            throw new IllegalArgumentException("the Adam state to import is empty");
        }
        parameters.forEach((name, parameter) -> {
            if (parameter.requiresGradient() && !state.parameters().containsKey(name)) {
                throw new IllegalArgumentException("Adam state has no moments for trainable parameter '" + name + "'");
            }
        });
        long steps = state.parameters().values().iterator().next().step();
        if (state.parameters().values().stream().anyMatch(moments -> moments.step() != steps)) {
            throw new IllegalArgumentException("Adam state mixes step counts; this optimizer keeps one for all parameters");
        }
        PackedParameters weights = packedFor(parameters);
        try (NDManager scope = stateManager.newSubManager()) {
            NDList means = perParameter(first, scope);
            NDList variances = perParameter(second, scope);
            for (int i = 0; i < weights.names().size(); i++) {
                AdamState.ParameterMoments stored = state.parameters().get(weights.names().get(i));
                stored.firstMoment().copyInto(means.get(i));
                stored.secondMoment().copyInto(variances.get(i));
            }
        }
        step = steps;
    }

    /** Views of a [total] moment buffer, one per packed parameter in its shape, owned by {@code scope}. */
    private NDList perParameter(NDArray flat, NDManager scope) {
        int count = packed.names().size();
        long[] cuts = new long[count - 1];
        for (int i = 1; i < count; i++) {
            cuts[i - 1] = packed.offset(i);
        }
        NDList slices = cuts.length == 0 ? new NDList(flat.reshape(-1)) : flat.split(cuts);
        NDList views = new NDList(count);
        for (int i = 0; i < count; i++) {
            NDArray view = slices.get(i).reshape(packed.shape(i));
            view.attach(scope);
            views.add(view);
        }
        slices.attach(scope);
        return views;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
