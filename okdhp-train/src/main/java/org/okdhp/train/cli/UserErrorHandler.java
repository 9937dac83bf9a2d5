package org.okdhp.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.okdhp.train.device.EngineFaultException;
import org.okdhp.train.loop.NonFiniteLossException;
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
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + missing.getFile()
                    + ": no such file" + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")"));
            return EXIT_USER_ERROR;
        }
        if (cause instanceof EngineFaultException) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + cause.getMessage());
            return EXIT_ENGINE_FAULT;
        }
        if (cause instanceof FileSystemException file && file.getReason() == null) {
            // The JDK's message is then the bare path: say what is wrong with it.
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + file.getFile() + ": "
                    + problemOf(file));
            return EXIT_USER_ERROR;
        }
        if (cause instanceof IOException || cause instanceof IllegalArgumentException
                || cause instanceof NonFiniteLossException) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + cause.getMessage());
            return EXIT_USER_ERROR;
        }
        throw e;
    }

    private static String problemOf(FileSystemException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "already exists" + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")")
                    + "; a folder was needed there, or a new name";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "is not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return "cannot be used (" + e.getClass().getSimpleName() + ")";
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("okdhp: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
