package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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

    /** The files the subcommand reads, by option, so that --json never replaces one. */
    abstract Map<String, Path> inputs();

    /** A printed table and its numbers by label. */
    record Evaluation(String table, Map<String, Double> numbers) {}

    @Override
    public final Integer call() throws IOException {
        OutputFiles.requireNotAnInput("--json", jsonOutput, inputs());
        Evaluation evaluation = evaluate();
        spec.commandLine().getOut().print(evaluation.table());
        spec.commandLine().getOut().flush();
        List<String> undefined = evaluation.numbers().entrySet().stream()
                .filter(number -> !Double.isFinite(number.getValue())).map(Map.Entry::getKey).toList();
        if (!undefined.isEmpty()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + String.join(", ", undefined)
                    + " undefined: the ground truth labels none of their joints" + (jsonOutput == null ? "" : " (null in "
                    + jsonOutput + ")"));
        }
        if (jsonOutput != null) {
            JsonOutput.write(jsonOutput, evaluation.numbers());
        }
        return CommandLine.ExitCode.OK;
    }
}
