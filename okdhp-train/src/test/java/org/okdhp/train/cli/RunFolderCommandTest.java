package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochRecord;

/**
 * {@code okdhp train --output} and {@code --resume} never replace what a folder already holds
 * before the run is known to proceed, and {@code --set} on resume is applied or refused, never ignored.
 */
class RunFolderCommandTest {

    /** The demo preset shrunk to train in seconds on 8 synthetic figures. */
    private static final List<String> TINY = List.of("model.features=8", "model.shared_stacks=1", "model.branches=1,1",
            "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=0", "data.synthetic_train_size=8",
            "data.synthetic_val_size=4", "optim.epochs=1", "optim.batch_size=4");

    @TempDir
    Path dir;

    @Test
    void aFolderWithRunFilesButNoLastCheckpointIsRefusedUntouched() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run/checkpoints"));
        Files.writeString(run.resolve("best.ckpt"), "weeks of training");
        Files.writeString(dir.resolve("run/metrics.csv"), "epoch,lr\n0,0.001\n");
        Map<Path, byte[]> before = contents(dir.resolve("run"));
        CommandRun refused = train("--output", dir.resolve("run").toString());
        refused.assertOneLineError(dir.resolve("run") + " already holds a run (checkpoints, metrics.csv)");
        assertSameContents(before, contents(dir.resolve("run")));
    }

    @Test
    void anOutputThatIsAFileIsNamedAsSuch() throws IOException {
        Path file = Files.writeString(dir.resolve("a_file"), "mine");
        train("--output", file.toString()).assertOneLineError(file + " is a file, not a folder");
        train("--output", file.resolve("run").toString())
                .assertOneLineError(file.resolve("run").toString(), "Not a directory");
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void theUsersConfigBesideTheRunIsKeptAndTheResolvedOneGetsItsOwnName() throws IOException {
        Path experiment = Files.createDirectories(dir.resolve("exp"));
        String mine = "# my experiment: the demo, smaller\n" + String.join("\n", yaml(withSynthetic())) + "\n";
        Path config = Files.writeString(experiment.resolve("config.yaml"), mine);
        CommandRun run = CommandRun.of("train", "--config", config.toString(), "--output", experiment.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(mine, Files.readString(config), "the user's file, comments and all");
        assertEquals(ConfigLoader.read(config), ConfigLoader.read(experiment.resolve("config.resolved.yaml")));
    }

    @Test
    void resumeAppliesAndSaysWhatMayChangeAndRefusesTheRestBeforeWritingAnything() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train("--output", run.toString()).exitCode());
        Map<Path, byte[]> before = contents(run);

        CommandRun architecture = CommandRun.of("train", "--resume", run.toString(), "--set", "model.branches=1,1,1",
                "--set", "optim.betas=0.8,0.99");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, architecture.exitCode(), architecture.err());
        assertTrue(architecture.err().contains("model.branches (--set model.branches=1,1,1): cannot change when resuming")
                && architecture.err().contains("optim.betas (--set optim.betas=0.8,0.99)"), architecture.err());
        CommandRun.of("train", "--resume", run.toString(), "--output", dir.resolve("x").toString())
                .assertOneLineError("--config and --output do not apply");
        assertSameContents(before, contents(run));

        CommandRun longer = CommandRun.of("train", "--resume", run.toString(), "--set", "optim.epochs=2");
        assertEquals(0, longer.exitCode(), longer.err());
        assertEquals(List.of(0, 1), EpochCsv.read(run.resolve("metrics.csv")).stream().map(EpochRecord::epoch).toList());
        assertEquals(2, ConfigLoader.read(run.resolve("config.yaml")).optim().epochs(), "config.yaml says what ran");
        CommandRun.of("train", "--resume", run.toString(), "--set", "optim.epochs=1")
                .assertOneLineError("optim.epochs (--set optim.epochs=1): is 1 but the checkpoint has already finished 2 epochs");
    }

    @Test
    void aLastCheckpointOfAnotherRunIsRefusedBeforeAnythingIsRewritten() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertEquals(0, train("--output", first.toString()).exitCode());
        assertEquals(0, train("--output", second.toString(), "--set", "run.seed=9", "--set", "model.branches=1,1,1").exitCode());
        Files.copy(second.resolve("checkpoints/last.ckpt"), first.resolve("checkpoints/last.ckpt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<Path, byte[]> before = contents(first);
        CommandRun refused = CommandRun.of("train", "--resume", first.toString(), "--set", "optim.epochs=2");
        refused.assertOneLineError("last.ckpt was written by run", "copy whole run folders");
        assertSameContents(before, contents(first));

        Files.delete(first.resolve("run-id")); // as in a folder from before runs had ids: the log's columns refuse it
        before = contents(first);
        CommandRun.of("train", "--resume", first.toString()).assertOneLineError("metrics.csv has columns");
        assertSameContents(before, contents(first));
        CommandRun.of("train", "--resume", dir.resolve("typo").toString())
                .assertOneLineError("has no checkpoint to resume from");
        assertFalse(Files.exists(dir.resolve("typo")), "a mistyped --resume creates nothing");
    }

    @Test
    void aDivergingRunEndsWithOneTrueLineAndNoStackTrace() {
        CommandRun diverged = train("--output", dir.resolve("nan").toString(), "--set", "optim.lr=1e30");
        diverged.assertOneLineError("stopped before the optimizer step", "before any checkpoint was written");
    }

    private static CommandRun train(String... args) {
        List<String> command = new ArrayList<>(List.of("train"));
        TINY.forEach(setting -> command.addAll(List.of("--set", setting)));
        command.addAll(List.of(args));
        return CommandRun.of(command.toArray(String[]::new));
    }

    private static List<String> withSynthetic() {
        List<String> settings = new ArrayList<>(TINY);
        settings.add("data.dataset=synthetic");
        return settings;
    }

    /** {@code a.b=c} as nested YAML. */
    private static List<String> yaml(List<String> settings) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (String setting : settings) {
            String[] keyValue = setting.split("=", 2);
            String[] path = keyValue[0].split("\\.");
            String value = path[1].equals("branches") ? "[" + keyValue[1] + "]" : keyValue[1];
            sections.computeIfAbsent(path[0], k -> new ArrayList<>()).add("  " + path[1] + ": " + value);
        }
        List<String> lines = new ArrayList<>();
        sections.forEach((section, keys) -> {
            lines.add(section + ":");
            lines.addAll(keys);
        });
        return lines;
    }

    private static Map<Path, byte[]> contents(Path folder) throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.put(folder.relativize(path), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static void assertSameContents(Map<Path, byte[]> expected, Map<Path, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((file, bytes) -> assertArrayEquals(bytes, actual.get(file), file.toString()));
    }

}
