package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Output options may name any file but one the same command reads: that would replace the user's input. */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * @param output the file an option writes, or null when not given
     * @param inputs the files the command reads, by option name (null values are skipped)
     */
    static void requireNotAnInput(String option, Path output, Map<String, Path> inputs) throws IOException {
        if (output == null) {
            return;
        }
        for (var input : inputs.entrySet()) {
            if (input.getValue() != null && same(output, input.getValue())) {
                throw new IllegalArgumentException(option + " " + output + " is the file " + input.getKey()
                        + " reads; writing it would replace your input. Choose another " + option);
            }
        }
    }

    private static boolean same(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
