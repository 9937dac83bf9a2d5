package org.okdhp.train.cli;

import org.okdhp.train.OkdhpVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code okdhp} command line: one subcommand per job a user runs. */
@Command(
        name = "okdhp",
        mixinStandardHelpOptions = true,
        versionProvider = OkdhpVersion.class,
        description = "Train, prune and use OKDHP human pose estimators (one-stage online knowledge distillation).",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, ExportCommand.class, PredictCommand.class,
                EvaluateCommand.class, ForwardCommand.class, ShowSamplesCommand.class, SyntheticCommand.class, BenchCommand.class, DoctorCommand.class})
public final class OkdhpCommand implements Runnable {

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
        UserErrorHandler errors = new UserErrorHandler();
        return CommandSummaries.install(FiniteNumbers.registerOn(new CommandLine(new OkdhpCommand())))
                .setCaseInsensitiveEnumValuesAllowed(true)
                // "evaluate --dataset mpii": option values may be subcommand names (evaluate has mpii and coco).
                .setAllowSubcommandsAsOptionParameters(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }
}
