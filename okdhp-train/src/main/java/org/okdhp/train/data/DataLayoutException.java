package org.okdhp.train.data;

import java.io.IOException;

/**
 * A data set folder that lacks what a configuration points at: the message names the path, what
 * belongs there and which key to set instead, so it reads as the fix.
 */
public final class DataLayoutException extends IOException {

    public DataLayoutException(String message) {
        super(message);
    }
}
