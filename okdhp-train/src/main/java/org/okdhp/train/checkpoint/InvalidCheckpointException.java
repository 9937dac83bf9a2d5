package org.okdhp.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be trusted: truncated, corrupt, or not a checkpoint at all. */
public final class InvalidCheckpointException extends IOException {

    private final transient Path file;

    InvalidCheckpointException(Path file, String problem) {
        super("checkpoint " + file + " refused: " + problem);
        this.file = file;
    }

    InvalidCheckpointException(Path file, String problem, Throwable cause) {
        super("checkpoint " + file + " refused: " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
