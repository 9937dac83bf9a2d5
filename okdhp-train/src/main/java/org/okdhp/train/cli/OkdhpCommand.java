package org.okdhp.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code okdhp} command line: one subcommand per job a user runs. */
@Command(
        name = "okdhp",
        mixinStandardHelpOptions = true,
        version = "okdhp 0.1.0",
        description = "Train, prune and use OKDHP human pose estimators (one-stage online knowledge distillation).",
        subcommands = {CommandLine.HelpCommand.class, ForwardCommand.class, EvaluateCommand.class})
public final class OkdhpCommand implements Runnable {

    /** Exit code for bad input: a missing file, a malformed annotation, an impossible option. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run subcommands in-process. */
    public static CommandLine commandLine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return new CommandLine(new OkdhpCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(OkdhpCommand::reportUserError);
    }

    /** Bad input is reported in one line naming the file and problem; anything else keeps its stack trace. */
    private static int reportUserError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException) {
            cmd.getErr().println("okdhp " + cmd.getCommandName() + ": " + e.getMessage());
            return USER_ERROR;
        }
        throw e;
    }
}
