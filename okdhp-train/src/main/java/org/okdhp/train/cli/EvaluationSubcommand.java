package org.okdhp.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What both evaluate subcommands share: print the table, optionally write the numbers as JSON,
 * and turn a user's mistake (missing or malformed file) into one line on stderr and exit code 1
 * instead of a stack trace.
 */
abstract class EvaluationSubcommand implements Callable<Integer> {

    /** Exit code for a run that could not evaluate the given files. */
    static final int USER_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", paramLabel = "OUT.json", description = "Also write the numbers to this JSON file.")
    Path jsonOutput;

    /** Evaluates and returns the table to print and the labelled numbers to write. */
    abstract Evaluation evaluate() throws IOException;

    /** A printed table and its numbers by label. */
    record Evaluation(String table, Map<String, Double> numbers) {}

    @Override
    public final Integer call() {
        try {
            Evaluation evaluation = evaluate();
            spec.commandLine().getOut().print(evaluation.table());
            spec.commandLine().getOut().flush();
            if (jsonOutput != null) {
                Path parent = jsonOutput.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(jsonOutput.toFile(), evaluation.numbers());
            }
            return CommandLine.ExitCode.OK;
        } catch (NoSuchFileException e) {
            return fail(e.getFile() + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (UncheckedIOException e) {
            return fail(e.getCause().getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        spec.commandLine().getErr().flush();
        return USER_ERROR;
    }
}
