package org.okdhp.core.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks, before training, that the engine computes what training uses: each operation of
 * {@link TrainingOperations} and its gradients in float32 on the training device, against the
 * same computed in float64 on the CPU (where libtorch runs its own reference kernels, not
 * oneDNN's). Tiny shapes: well under a second.
 *
 * <p>Why: a float32 kernel can be wrong on one CPU and right on the next (oneDNN 3.7.1's
 * convolution input gradient, see {@link org.okdhp.core.model.PaddedConv2d}), and a run on wrong
 * gradients trains for hours and learns nothing. The cases cover the channel counts and kernel
 * sizes that exposed that defect (4, 8, 24 and 16 output channels; kernels 1, 3, 5 and 7; the
 * stem's strided 7x7; the grouped convolutions of branches run side by side; the light students'
 * depthwise ones, which are not padded) and the other
 * layers a step is made of.
 *
 * <p>Inputs come from a {@link Random} of fixed seed, never from the engine's generator, so a
 * check leaves a seeded run's random stream untouched.
 */
public final class EngineSelfCheck {

    /**
     * The largest relative error accepted. Correct float32 kernels stay below 1e-6 on these shapes;
     * the defect gives errors of 0.2 to 3, or NaN.
     */
    public static final double TOLERANCE = 1e-4;

    private static final long SEED = 20261207L;
    private static final int BATCH = 2;
    private static final int SIDE = 12;
    private static final Shape BATCH_NORM_INPUT = new Shape(BATCH, 8, 6, 6);
    private static final Shape HEATMAPS = new Shape(BATCH, 4, 8, 8);
    private static final int BRANCHES = 3;
    private static final Shape NO_DILATION = new Shape(1, 1);
    /** Every third joint has target weight 0, as invisible joints do. */
    private static final int MASKED_EVERY = 3;

    /** One convolution case: channels in and out, kernel side, stride, groups. */
    private record ConvCase(int in, int out, int kernel, int stride, int groups) {
        String describe(Shape input) {
            return CheckResult.shapeOf(input, "k" + kernel + (stride > 1 ? "/" + stride : "") + " " + in + "->" + out
                    + (groups > 1 ? " in " + groups + " groups" : ""));
        }
    }

    private static final List<ConvCase> CONVOLUTIONS = List.of(
            new ConvCase(8, 4, 3, 1, 1),
            new ConvCase(8, 8, 3, 1, 1),
            new ConvCase(8, 24, 3, 1, 1),
            new ConvCase(8, 16, 3, 1, 1),
            new ConvCase(8, 8, 1, 1, 1),
            new ConvCase(8, 8, 5, 1, 1),
            new ConvCase(8, 8, 7, 1, 1),
            new ConvCase(3, 8, 7, 2, 1),
            new ConvCase(16, 16, 3, 1, 2),
            new ConvCase(24, 24, 3, 1, 3),
            // Depthwise, as MobileNetV2's 3x3s (PaddedConv2d never pads these): plain and strided.
            new ConvCase(32, 32, 3, 1, 32),
            new ConvCase(32, 32, 3, 2, 32));

    private final TrainingOperations operations;

    private EngineSelfCheck(TrainingOperations operations) {
        this.operations = operations;
    }

    /** The check of the library's own code paths. */
    public static EngineSelfCheck library() {
        return new EngineSelfCheck(TrainingOperations.library());
    }

    /** The check of other operations (a test hands in a deliberately wrong one). */
    public static EngineSelfCheck of(TrainingOperations operations) {
        return new EngineSelfCheck(operations);
    }

    /** Every comparison, in a fixed order: convolutions, batch norm, loss. */
    public List<CheckResult> run(Device device) {
        Random random = new Random(SEED);
        List<CheckResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (ConvCase c : CONVOLUTIONS) {
                results.addAll(convolution(c, operations.convolution(), manager, random));
            }
            results.addAll(batchNorm(manager, random));
            results.addAll(loss(manager, random));
        }
        return results;
    }

    /**
     * The same convolution cases on the engine's plain float32 convolution, without
     * {@link org.okdhp.core.model.PaddedConv2d}'s padding: whether this machine's engine is
     * affected by the defect the library works around. Reported, not enforced.
     */
    public static List<CheckResult> rawConvolutions(Device device) {
        TrainingOperations.Convolution raw = (x, w, b, stride, padding, groups) ->
                Conv2d.conv2d(x, w, b, stride, padding, NO_DILATION, groups).singletonOrThrow();
        Random random = new Random(SEED);
        List<CheckResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (ConvCase c : CONVOLUTIONS) {
                results.addAll(convolution(c, raw, manager, random));
            }
        }
        return results;
    }

    private static List<CheckResult> convolution(ConvCase c, TrainingOperations.Convolution conv, NDManager manager,
            Random random) {
        Shape input = new Shape(BATCH, c.in(), SIDE, SIDE);
        Shape stride = new Shape(c.stride(), c.stride());
        Shape padding = new Shape(c.kernel() / 2, c.kernel() / 2);
        List<NDArray> arguments = List.of(
                normal(manager, input, random, 1.0),
                normal(manager, new Shape(c.out(), c.in() / c.groups(), c.kernel(), c.kernel()), random, 0.2),
                normal(manager, new Shape(c.out()), random, 1.0));
        return new Comparison("convolution", List.of("input", "weight", "bias"), c.describe(input)).run(arguments,
                a -> conv.apply(a.get(0), a.get(1), a.get(2), stride, padding, c.groups()),
                a -> Conv2d.conv2d(a.get(0), a.get(1), a.get(2), stride, padding, NO_DILATION, c.groups())
                        .singletonOrThrow(),
                random);
    }

    private List<CheckResult> batchNorm(NDManager manager, Random random) {
        String shape = CheckResult.shapeOf(BATCH_NORM_INPUT, "");
        long channels = BATCH_NORM_INPUT.get(1);
        List<NDArray> arguments = List.of(
                normal(manager, BATCH_NORM_INPUT, random, 2.0).add(1.5),
                normal(manager, new Shape(channels), random, 1.0),
                normal(manager, new Shape(channels), random, 1.0));
        List<CheckResult> results = new ArrayList<>(new Comparison("training-mode batch norm",
                List.of("input", "gamma", "beta"), shape).run(arguments,
                a -> operations.batchNorm().apply(a.get(0), freshMean(a.get(0)), freshVariance(a.get(0)), a.get(1),
                        a.get(2)),
                a -> BatchNormReference.output(a.get(0), a.get(1), a.get(2)),
                random));
        NDArray x = arguments.get(0);
        NDArray runningMean = freshMean(x);
        NDArray runningVar = freshVariance(x);
        operations.batchNorm().apply(x, runningMean, runningVar, arguments.get(1), arguments.get(2));
        NDArray x64 = Comparison.float64(x);
        results.add(new CheckResult("training-mode batch norm running mean", shape,
                Comparison.relativeError(runningMean, BatchNormReference.runningMean(x64)), TOLERANCE));
        results.add(new CheckResult("training-mode batch norm running variance", shape,
                Comparison.relativeError(runningVar, BatchNormReference.runningVariance(x64)), TOLERANCE));
        return results;
    }

    private static NDArray freshMean(NDArray x) {
        return x.getManager().zeros(new Shape(x.getShape().get(1)), x.getDataType(), x.getDevice());
    }

    private static NDArray freshVariance(NDArray x) {
        return x.getManager().ones(new Shape(x.getShape().get(1)), x.getDataType(), x.getDevice());
    }

    private List<CheckResult> loss(NDManager manager, Random random) {
        List<NDArray> arguments = new ArrayList<>();
        for (int b = 0; b <= BRANCHES; b++) { // the branches' heatmaps, then the ensemble
            arguments.add(normal(manager, HEATMAPS, random, 0.3));
        }
        NDArray target = normal(manager, HEATMAPS, random, 0.3).abs();
        float[] weights = new float[Math.toIntExact(HEATMAPS.get(0) * HEATMAPS.get(1))];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i % MASKED_EVERY == MASKED_EVERY - 1 ? 0f : 1f;
        }
        NDArray weight = manager.create(weights, new Shape(HEATMAPS.get(0), HEATMAPS.get(1)));
        Function<List<NDArray>, NDArray> total = a -> operations.loss().total(new NDList(a.subList(0, BRANCHES)),
                a.get(BRANCHES), Comparison.like(target, a.get(0)), Comparison.like(weight, a.get(0)));
        // The reference is the library's loss code run in float64: what is checked is the engine's
        // float32 kernels (softmax, log, reductions); the formula itself is pinned by LossTest.
        TrainingOperations.Loss libraryLoss = TrainingOperations.library().loss();
        Function<List<NDArray>, NDArray> reference = a -> libraryLoss.total(new NDList(a.subList(0, BRANCHES)),
                a.get(BRANCHES), Comparison.like(target, a.get(0)), Comparison.like(weight, a.get(0)));
        return new Comparison("OKDHP loss", List.of("branch 0", "branch 1", "branch 2", "ensemble"),
                CheckResult.shapeOf(HEATMAPS, "x " + BRANCHES + " branches")).run(arguments, total, reference, random);
    }

    /** Standard normal values times {@code scale}, from {@code random} (never the engine's generator). */
    static NDArray normal(NDManager manager, Shape shape, Random random, double scale) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return manager.create(values, shape);
    }
}
