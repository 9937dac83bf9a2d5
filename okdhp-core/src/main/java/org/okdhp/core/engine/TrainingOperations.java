package org.okdhp.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.HeatmapLayout;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.model.PaddedConv2d;

/**
 * The float32 operations whose numbers training relies on, as the {@link EngineSelfCheck} runs
 * them: by default the library's own code paths; tests hand in a deliberately wrong one.
 *
 * @param convolution every convolution of the network
 * @param batchNorm training-mode batch norm (batch statistics, running statistics updated in place)
 * @param loss the OKDHP objective's total for three branches of one stack and their ensemble
 */
public record TrainingOperations(Convolution convolution, BatchNorm batchNorm, Loss loss) {

    /** y = conv(x, weight, bias) with stride 1 and "same" padding, or stride 2 where the case says. */
    @FunctionalInterface
    public interface Convolution {
        NDArray apply(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, int groups);
    }

    /** Training-mode batch norm over channel axis 1. */
    @FunctionalInterface
    public interface BatchNorm {
        NDArray apply(NDArray x, NDArray runningMean, NDArray runningVar, NDArray gamma, NDArray beta);
    }

    /** The total loss of heatmaps [B, J, h, w] (three branches), their ensemble, targets and target weights. */
    @FunctionalInterface
    public interface Loss {
        NDArray total(NDList heatmaps, NDArray ensemble, NDArray target, NDArray weight);
    }

    private static final Shape NO_DILATION = new Shape(1, 1);
    /** The check's loss runs at a full ramp, so that every term weighs in. */
    private static final double FULL_RAMP_EPOCH = 1e9;

    /** The library's code paths: {@link PaddedConv2d}, {@link Layers#batchNorm}, {@link OkdhpLoss}. */
    public static TrainingOperations library() {
        return new TrainingOperations(
                (x, w, b, stride, padding, groups) -> PaddedConv2d.convolve(x, w, b, stride, padding, NO_DILATION,
                        groups),
                (x, mean, variance, gamma, beta) -> Layers.batchNorm(x, mean, variance, gamma, beta, true),
                TrainingOperations::okdhpTotal);
    }

    private static NDArray okdhpTotal(NDList heatmaps, NDArray ensemble, NDArray target, NDArray weight) {
        HeatmapLayout branchesOfOne = new HeatmapLayout(0, Collections.nCopies(heatmaps.size(), 1));
        NDList outputs = new NDList(heatmaps);
        outputs.add(ensemble);
        outputs.add(ensemble); // the attention's place; the loss does not read it
        return OkdhpLoss.standard().compute(new OkdhpOutput(branchesOfOne, outputs), target, weight, FULL_RAMP_EPOCH)
                .total();
    }
}
