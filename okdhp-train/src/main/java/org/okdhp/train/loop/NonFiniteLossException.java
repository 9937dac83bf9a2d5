package org.okdhp.train.loop;

/**
 * The loss, or the global gradient norm, became NaN or infinite. Thrown before the optimizer step,
 * so the weights (and every checkpoint already written) are those of the last good step.
 */
public final class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(String quantity, int epoch, long step, double value) {
        super(quantity + " is " + value + " at epoch " + epoch + ", step " + step
                + "; stopped before the optimizer step, the last checkpoint is intact"
                + " (lower optim.lr or set optim.grad_clip_norm, then resume)");
    }
}
