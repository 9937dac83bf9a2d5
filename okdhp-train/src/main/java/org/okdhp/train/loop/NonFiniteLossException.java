package org.okdhp.train.loop;

/**
 * The loss, or the global gradient norm, became NaN or infinite. Thrown before the optimizer step,
 * so the weights (and every checkpoint already written) are those of the last good step. The
 * training run adds what the user can do, which depends on whether a checkpoint exists yet.
 */
public final class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(String quantity, int epoch, long step, double value) {
        super(quantity + " is " + value + " at epoch " + epoch + ", step " + step + "; stopped before the optimizer step");
    }

    private NonFiniteLossException(String message, NonFiniteLossException cause) {
        super(message, cause);
    }

    /** This problem with the state of the run folder and the way on appended. */
    NonFiniteLossException withAdvice(String advice) {
        return new NonFiniteLossException(getMessage() + ", " + advice, this);
    }
}
