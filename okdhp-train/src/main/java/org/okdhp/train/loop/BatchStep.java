package org.okdhp.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** One optimizer step on one batch: on a single device ({@link TrainingStep}) or several ({@link DataParallelStep}). */
public interface BatchStep {

    /**
     * @param images input [B, 3, H, W]
     * @param target heatmaps [B, J, h, w]
     * @param weight target weights [B, J]
     * @param epoch 0-based epoch, for the distillation ramp
     * @param stepIndex the global step, for the error message
     * @param scope the manager the step's arrays are attached to; closing it frees the step
     * @throws NonFiniteLossException before touching the weights when the loss is NaN or infinite
     */
    StepLosses run(NDArray images, NDArray target, NDArray weight, int epoch, long stepIndex, NDManager scope);
}
