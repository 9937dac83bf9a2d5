package org.okdhp.train.loop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a run keeps its files. {@code run-id} holds a random id that every checkpoint of the run
 * also carries, so that a checkpoint copied in from another run is recognised (see
 * {@link #requireSameRun}).
 */
public record RunFolder(Path root) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String CONFIG = "config.yaml";
    /** The resolved configuration's name when {@code config.yaml} is a file of the user's (e.g. the one passed to --config). */
    private static final String RESOLVED_CONFIG = "config.resolved.yaml";
    private static final String RUN_ID = "run-id";
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    /** What a run writes, but the configuration (a user's {@code config.yaml} may sit in the folder). */
    private static final List<String> RUN_FILES = List.of(RUN_ID, RESOLVED_CONFIG, "checkpoints", "metrics.csv",
            "fau_attention.csv", "losses.png", "metrics.png", "best-branch");

    /** {@code <parent>/<date-time>}, the default run folder. */
    public static RunFolder timestamped(Path parent) {
        return new RunFolder(parent.resolve(LocalDateTime.now().format(STAMP)));
    }

    /**
     * The fully resolved configuration: {@code config.yaml}, or {@code config.resolved.yaml} when
     * the run found a user's {@code config.yaml} in its folder.
     */
    public Path config() {
        Path resolved = root.resolve(RESOLVED_CONFIG);
        return Files.exists(resolved) ? resolved : root.resolve(CONFIG);
    }

    /** Where a new run writes its resolved configuration: never over a file already there. */
    Path configOfNewRun() {
        Path config = root.resolve(CONFIG);
        return Files.exists(config) ? root.resolve(RESOLVED_CONFIG) : config;
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

    /**
     * Fails unless a new run may start here: the folder is absent or holds no file a run writes
     * (other files, such as the user's own config.yaml, are left alone).
     */
    public void requireNoRun() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is a file, not a folder; name a folder for the run (new or empty)");
        }
        List<String> taken = RUN_FILES.stream().filter(name -> Files.exists(root.resolve(name))).toList();
        if (!taken.isEmpty()) {
            throw new IllegalArgumentException(root + " already holds a run (" + String.join(", ", taken)
                    + "); resume it (--resume) or choose another --output");
        }
    }

    /** The run's id, empty for folders written before runs had one. */
    public Optional<String> runId() throws IOException {
        Path file = root.resolve(RUN_ID);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!ID.matcher(id).matches()) {
            throw new IOException(file + ": not a run id: '" + id + "'");
        }
        return Optional.of(id);
    }

    /** A new run's id, written into the folder. */
    String newRunId() throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createDirectories(root);
        Files.writeString(root.resolve(RUN_ID), id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    /**
     * Fails when {@code checkpoint} was written by another run than this folder's (both ids
     * known), so that one run's weights are never paired with another's log.
     */
    public void requireSameRun(Path checkpoint, Optional<String> checkpointRunId) throws IOException {
        Optional<String> ours = runId();
        if (ours.isPresent() && checkpointRunId.isPresent() && !ours.equals(checkpointRunId)) {
            throw new IllegalArgumentException(checkpoint + " was written by run " + checkpointRunId.get() + ", but "
                    + root + " holds run " + ours.get() + " (its " + metrics().getFileName()
                    + " and config describe another training): copy whole run folders, not single files");
        }
    }
}
