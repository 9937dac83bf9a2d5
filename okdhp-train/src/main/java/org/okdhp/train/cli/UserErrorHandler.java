package org.okdhp.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.okdhp.train.device.EngineFaultException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints problems a user can fix as one line, {@code okdhp <command>: <what and where>}: a missing or
 * broken file or an invalid value ({@link #EXIT_USER_ERROR}), or a malformed command line
 * (picocli's usage exit code, with a pointer to --help instead of the whole usage text). Anything
 * else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int EXIT_USER_ERROR = 1;
    /** The engine computes wrong numbers on this machine ({@link EngineFaultException}, {@code okdhp doctor}). */
    static final int EXIT_ENGINE_FAULT = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        if (cause instanceof NoSuchFileException missing) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + missing.getFile() + ": no such file");
            return EXIT_USER_ERROR;
        }
        if (cause instanceof EngineFaultException) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + cause.getMessage());
            return EXIT_ENGINE_FAULT;
        }
        if (cause instanceof IOException || cause instanceof IllegalArgumentException) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + cause.getMessage());
            return EXIT_USER_ERROR;
        }
        throw e;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("okdhp: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
