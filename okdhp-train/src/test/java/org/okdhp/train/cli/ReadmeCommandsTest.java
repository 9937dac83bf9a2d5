package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./okdhp ...} command line the README shows (in code blocks, with continuation
 * lines, and in inline code) parses with the real command line: options exist, values convert,
 * required options are there. A documented command that fails on its first word is the worst
 * first impression.
 */
class ReadmeCommandsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String LAUNCHER = "./okdhp";

    @Test
    void everyCommandLineInTheReadmeParses() throws IOException {
        List<List<String>> commands = commandLines(Files.readString(README));
        assertTrue(commands.size() >= 20, "found only " + commands);
        assertTrue(commands.contains(List.of("evaluate", "--model", "runs/demo/<date-time>/best-branch", "--dataset", "mpii",
                "--data-root", "data/mpii")), "the README shows evaluate --dataset mpii: " + commands);
        for (List<String> command : commands) {
            assertDoesNotThrow(() -> OkdhpCommand.commandLine().parseArgs(command.toArray(String[]::new)),
                    "README: ./okdhp " + String.join(" ", command));
        }
    }

    /** The arguments after each {@code ./okdhp}, up to the end of the code span, a comment or a table cell. */
    static List<List<String>> commandLines(String markdown) {
        List<List<String>> commands = new ArrayList<>();
        for (String line : markdown.replace("\\\n", " ").split("\n")) {
            for (int at = line.indexOf(LAUNCHER); at >= 0; at = line.indexOf(LAUNCHER, at + 1)) {
                String rest = line.substring(at + LAUNCHER.length());
                if (!rest.isEmpty() && !" `".contains(rest.substring(0, 1))) {
                    continue; // e.g. a path such as ./okdhp-train
                }
                int end = rest.length();
                for (char stop : new char[] {'`', '#', '|'}) {
                    int found = rest.indexOf(stop);
                    end = found >= 0 ? Math.min(end, found) : end;
                }
                String arguments = rest.substring(0, end).strip();
                commands.add(arguments.isEmpty() ? List.of() : Arrays.asList(arguments.split("\\s+")));
            }
        }
        return commands;
    }
}
