package org.okdhp.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The pixel-wise distillation term KL(teacher || student) with a spatial softmax per joint map
 * (temperature 1), normalised by B * P for P = H * W pixels:
 * KL(Y) = (1 / (B P)) sum_{b,j,p} q (log q - log p), p = softmax_P(w * Y), q = softmax_P(w * E).
 * A masked joint (w = 0) gives uniform against uniform, i.e. 0. Log-softmax keeps it stable.
 */
public final class PixelwiseKl {

    private PixelwiseKl() {}

    /** log softmax over the pixels of each masked map: [B, J, H, W] to [B, J, P]. */
    public static NDArray logDistribution(NDArray heatmaps, NDArray weight) {
        Shape s = heatmaps.getShape();
        return heatmaps.mul(WeightedMse.perMap(weight))
                .reshape(s.get(0), s.get(1), s.get(2) * s.get(3))
                .logSoftmax(2);
    }

    /**
     * @param studentLogP the student's {@link #logDistribution}
     * @param teacherLogQ the teacher's (the ensemble's) {@link #logDistribution}
     */
    public static NDArray of(NDArray studentLogP, NDArray teacherLogQ) {
        Shape s = studentLogP.getShape();
        double batchTimesPixels = (double) s.get(0) * s.get(2);
        // Not in place: autograd needs exp(log q) and the difference as they were.
        return ConstantFactor.times(teacherLogQ.exp().mul(teacherLogQ.sub(studentLogP)).sum(), 1.0 / batchTimesPixels);
    }
}
