package org.okdhp.train.device;

/**
 * The engine computes an operation that training uses wrongly on this machine; the job stopped
 * before its first step. The message names the operation, the shape, the error, the engine and
 * the CPU, and what the user can do.
 */
public final class EngineFaultException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public EngineFaultException(String message) {
        super(message);
    }
}
