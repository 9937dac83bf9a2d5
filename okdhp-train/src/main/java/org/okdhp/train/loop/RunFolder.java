package org.okdhp.train.loop;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a run keeps its files. */
public record RunFolder(Path root) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** {@code <parent>/<date-time>}, the default run folder. */
    public static RunFolder timestamped(Path parent) {
        return new RunFolder(parent.resolve(LocalDateTime.now().format(STAMP)));
    }

    /** The fully resolved configuration. */
    public Path config() {
        return root.resolve("config.yaml");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** Per-epoch losses, throughput and every branch's and the ensemble's metric. */
    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    /** The FAU's mean attention per validation, branch and joint. */
    public Path attention() {
        return root.resolve("fau_attention.csv");
    }

    /** The exported, pruned best branch. */
    public Path bestBranch() {
        return root.resolve("best-branch");
    }
}
