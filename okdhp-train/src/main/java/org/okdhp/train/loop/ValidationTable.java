package org.okdhp.train.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Human-readable and CSV renderings of a {@link ValidationResult}. */
public final class ValidationTable {

    private ValidationTable() {}

    /** One row per branch and the ensemble, one column per labelled number. */
    public static String render(ValidationResult result) {
        List<String> labels = List.copyOf(result.branches().get(0).keySet());
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-10s", ""));
        labels.forEach(label -> table.append(' ').append(label));
        table.append('\n');
        if (result.branches().size() == 1) {
            row(table, "model", labels, result.branches().get(0));
        }
        for (int b = 0; result.branches().size() > 1 && b < result.branches().size(); b++) {
            row(table, "branch " + b + (b == result.bestBranch() ? "*" : ""), labels, result.branches().get(b));
        }
        if (result.ensemble() != null) {
            row(table, "ensemble", labels, result.ensemble());
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String name, List<String> labels, Map<String, Double> values) {
        table.append(String.format(Locale.ROOT, "%-10s", name));
        // Each number right-aligned under its label, two decimals as papers print them.
        labels.forEach(label -> table.append(String.format(Locale.ROOT, " %" + label.length() + ".2f",
                values.getOrDefault(label, Double.NaN))));
        table.append('\n');
    }

    /** Appends {@code epoch, branch, joint_0 ... joint_{J-1}} rows of the mean FAU attention. */
    public static void appendAttention(Path file, int epoch, double[][] attention, List<String> jointNames) {
        try {
            StringBuilder rows = new StringBuilder();
            if (Files.notExists(file)) {
                rows.append("epoch,branch,").append(String.join(",", jointNames)).append('\n');
            }
            for (int b = 0; b < attention.length; b++) {
                rows.append(epoch).append(',').append(b);
                for (double a : attention[b]) {
                    rows.append(',').append(String.format(Locale.ROOT, "%.6f", a));
                }
                rows.append('\n');
            }
            Files.writeString(file, rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append FAU attention: " + e.getMessage(), e);
        }
    }
}
