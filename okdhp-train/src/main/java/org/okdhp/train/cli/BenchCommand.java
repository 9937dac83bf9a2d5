package org.okdhp.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code okdhp bench}: throughput figures (no pass/fail). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures throughput and prints the figures.",
        subcommands = {BenchDataCommand.class, BenchTrainCommand.class, BenchPredictCommand.class,
                CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
