package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What both evaluate subcommands share: print the table and optionally write the numbers as JSON.
 * A user's mistake (missing or malformed file) becomes one line on stderr through
 * {@link UserErrorHandler}.
 */
abstract class EvaluationSubcommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", paramLabel = "OUT.json", description = "Also write the numbers to this JSON file.")
    Path jsonOutput;

    /** Evaluates and returns the table to print and the labelled numbers to write. */
    abstract Evaluation evaluate() throws IOException;

    /** A printed table and its numbers by label. */
    record Evaluation(String table, Map<String, Double> numbers) {}

    @Override
    public final Integer call() throws IOException {
        Evaluation evaluation = evaluate();
        spec.commandLine().getOut().print(evaluation.table());
        spec.commandLine().getOut().flush();
        if (jsonOutput != null) {
            JsonOutput.write(jsonOutput, evaluation.numbers());
        }
        return CommandLine.ExitCode.OK;
    }
}
