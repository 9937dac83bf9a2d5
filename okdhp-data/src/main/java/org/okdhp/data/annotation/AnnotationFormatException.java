package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A pose file that cannot be used as it is: malformed, of the wrong shape, or inconsistent. The
 * message always names the file, the record (index, id or MATLAB path) and what is wrong, so a
 * user can fix the file without a debugger.
 */
public final class AnnotationFormatException extends IOException {

    public AnnotationFormatException(Path file, String record, String problem) {
        super(file + ": " + record + ": " + problem);
    }

    public AnnotationFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public AnnotationFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
