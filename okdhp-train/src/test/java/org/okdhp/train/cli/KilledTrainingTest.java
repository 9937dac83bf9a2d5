package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochRecord;

/**
 * {@code okdhp train} in a real JVM, killed with SIGKILL ({@code kill -9}) at several moments (in
 * its first epoch before any checkpoint, just after an epoch's row reached metrics.csv but before
 * its checkpoint, while a checkpoint is being written, and at random times), then resumed with
 * {@code --resume} until it finishes: every epoch is in metrics.csv (and the FAU attention log)
 * exactly once, and the exported model loads.
 */
class KilledTrainingTest {

    private static final int EPOCHS = 5;
    private static final List<String> TINY = List.of("model.features=8", "model.shared_stacks=1", "model.branches=1,1",
            "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=0", "data.synthetic_train_size=16",
            "data.synthetic_val_size=4", "optim.epochs=" + EPOCHS, "optim.batch_size=4", "run.seed=11");
    private static final long PHASE_TIMEOUT_SECONDS = 300;
    private static final long POLL_MILLIS = 2;

    @TempDir
    Path dir;

    @Test
    void killedAtAnyMomentAndResumedEveryEpochIsLoggedOnce() throws Exception {
        Path run = dir.resolve("run");
        Random random = new Random(18);
        List<Predicate<Path>> killPoints = List.of(
                folder -> rows(folder) == 0 && Files.exists(folder.resolve("metrics.csv")) && pause(random.nextInt(400)),
                folder -> rows(folder) == 1 && !Files.exists(folder.resolve("checkpoints/last.ckpt")) || rows(folder) >= 2,
                folder -> writingCheckpoint(folder),
                folder -> rows(folder) >= 3 && pause(random.nextInt(1500)));
        int killed = 0;
        boolean first = true;
        for (Predicate<Path> killPoint : killPoints) {
            Process process = train(run, first);
            first = false;
            if (killWhen(process, run, killPoint)) {
                killed++;
            } else {
                assertEquals(0, process.exitValue(), log(run));
                break;
            }
        }
        Process last = train(run, false);
        assertTrue(last.waitFor(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the resumed run finishes");
        assertEquals(0, last.exitValue(), log(run));
        assertTrue(killed >= 3, "the run was killed " + killed + " times");

        List<Integer> epochs = EpochCsv.read(run.resolve("metrics.csv")).stream().map(EpochRecord::epoch).toList();
        assertEquals(IntStream.range(0, EPOCHS).boxed().toList(), epochs, "every epoch exactly once");
        List<String> attention = Files.readAllLines(run.resolve("fau_attention.csv"));
        List<String> attentionEpochs = attention.subList(1, attention.size()).stream()
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertEquals(IntStream.range(0, EPOCHS).boxed().flatMap(e -> List.of("" + e, "" + e).stream()).toList(),
                attentionEpochs, "two branches per validated epoch, once");
        PoseModel.load(run.resolve("best-branch")).close();
    }

    /** {@code okdhp train} (or {@code --resume}) in a new JVM, its output going to a file in the test folder. */
    private Process train(Path run, boolean start) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-cp", classPath(), OkdhpCommand.class.getName(), "train"));
        if (start) {
            command.addAll(List.of("--output", run.toString()));
            TINY.forEach(setting -> command.addAll(List.of("--set", setting)));
        } else {
            command.addAll(List.of("--resume", run.toString()));
        }
        File log = dir.resolve("train.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** Kills the process with SIGKILL once {@code killPoint} holds; false when it finished first. */
    private static boolean killWhen(Process process, Path run, Predicate<Path> killPoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (killPoint.test(run)) {
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                process.waitFor();
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        assertTrue(process.waitFor(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "a phase took too long");
        return false;
    }

    private static int rows(Path run) {
        try {
            List<String> lines = Files.readAllLines(run.resolve("metrics.csv"), StandardCharsets.UTF_8);
            return (int) lines.stream().skip(1).filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean writingCheckpoint(Path run) {
        Path checkpoints = run.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (DirectoryStream<Path> temporary = Files.newDirectoryStream(checkpoints, ".okdhp-*.ckpt.tmp")) {
            return temporary.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private String log(Path run) {
        try {
            return Files.readString(dir.resolve("train.log"));
        } catch (IOException e) {
            return "(no log) " + run;
        }
    }
}
