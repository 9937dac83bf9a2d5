package org.okdhp.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints problems a user can fix (a missing or broken file, an invalid value) as one line,
 * {@code okdhp: <what and where>}, and exits with {@link #EXIT_USER_ERROR}; anything else is a
 * bug and keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

    static final int EXIT_USER_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("okdhp: " + e.getMessage());
            return EXIT_USER_ERROR;
        }
        throw e;
    }
}
