package org.okdhp.train.loop;

/**
 * The loss became NaN or infinite. Thrown before the optimizer step, so the weights (and every
 * checkpoint already written) are those of the last good step.
 */
public final class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(int epoch, long step, double loss) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step
                + "; stopped before the optimizer step, the last checkpoint is intact"
                + " (lower optim.lr or set optim.grad_clip_norm, then resume)");
    }
}
