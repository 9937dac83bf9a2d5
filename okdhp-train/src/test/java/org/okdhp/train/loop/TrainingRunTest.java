package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.checkpoint.InvalidCheckpointException;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochRecord;

class TrainingRunTest {

    @TempDir
    Path dir;

    /** Thrown by a listener to stand for the process being killed. */
    static final class Killed extends RuntimeException {}

    @Test
    void aRunKilledAfterItsFirstCheckpointAndResumedEndsWithTheSameWeights() throws Exception {
        TrainingData data = TinyRuns.synthetic(12, 4);
        // 3 steps per epoch: the kill after epoch 1 falls inside the 5-step warm-up.
        TrainingConfig config = TinyRuns.config(2, "optim.warmup_steps=5");
        Map<String, float[]> uninterrupted = TinyRuns.uninterrupted(config, data, new RunFolder(dir.resolve("a")));
        Map<String, float[]> withoutWarmup = TinyRuns.uninterrupted(TinyRuns.config(2), data, new RunFolder(dir.resolve("c")));
        assertFalse(java.util.Arrays.equals(uninterrupted.get("conv1.weight"), withoutWarmup.get("conv1.weight")),
                "the warm-up changes the updates");
        RunFolder killed = new RunFolder(dir.resolve("b"));
        try (TrainingRun run = TrainingRun.start(config, data, killed, Device.cpu(), TinyRuns.QUIET)) {
            run.withListener(new TrainingListener() {
                @Override
                public void afterEpoch(int epoch) {
                    throw new Killed();
                }
            });
            assertThrows(Killed.class, run::train);
        }
        try (TrainingRun run = TrainingRun.resume(killed, data, Device.cpu(), TinyRuns.QUIET)) {
            run.train();
            TinyRuns.assertSameWeights(uninterrupted, TinyRuns.weights(run));
        }
        List<EpochRecord> log = EpochCsv.read(killed.metrics());
        assertEquals(List.of(0, 1), log.stream().map(EpochRecord::epoch).toList(), "one row per epoch after resume");
        assertTrue(Files.exists(killed.root().resolve("losses.png")) && Files.exists(killed.config()));
    }

    @Test
    void aNanLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("nan"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(3), data, folder, Device.cpu(), TinyRuns.QUIET)) {
            run.withListener(new TrainingListener() {
                @Override
                public void afterStep(int epoch, long step) {
                    if (epoch == 1) {
                        NDArray weight = run.parameters().get("conv1.weight").getArray();
                        float[] nan = new float[(int) weight.size()];
                        java.util.Arrays.fill(nan, Float.NaN);
                        weight.set(nan);
                    }
                }
            });
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, run::train);
            assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
            assertTrue(e.getMessage().contains("last checkpoint (" + folder.checkpoints().resolve(CheckpointStore.LAST)
                    + ") is intact: resume with --resume"), e.getMessage());
        }
        var last = new CheckpointStore(folder.checkpoints(), 0).loadLast().orElseThrow();
        assertEquals(1, last.completedEpochs());
        assertTrue(last.model().values().stream().allMatch(t -> allFinite(t.data())));
        try (TrainingRun run = TrainingRun.resume(folder, data, Device.cpu(), TinyRuns.QUIET)) {
            TrainingOutcome outcome = run.train();
            assertEquals(3 * 2, outcome.steps(), "3 epochs of 8 images in batches of 4");
        }
    }

    @Test
    void aNanAtTheFirstStepDoesNotClaimACheckpoint() throws Exception {
        RunFolder folder = new RunFolder(dir.resolve("nan-at-once"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), TinyRuns.synthetic(4, 4), folder, Device.cpu(),
                TinyRuns.QUIET)) {
            NDArray weight = run.parameters().get("conv1.weight").getArray();
            float[] nan = new float[(int) weight.size()];
            java.util.Arrays.fill(nan, Float.NaN);
            weight.set(nan);
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, run::train);
            assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("before any checkpoint was written")
                    && !e.getMessage().contains("intact"), e.getMessage());
        }
    }

    @Test
    void aCorruptCheckpointIsRefusedNamingTheFile() throws Exception {
        TrainingData data = TinyRuns.synthetic(4, 4);
        RunFolder folder = new RunFolder(dir.resolve("corrupt"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), TinyRuns.QUIET)) {
            run.train();
        }
        Path last = folder.checkpoints().resolve(CheckpointStore.LAST);
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(last, bytes);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class,
                () -> TrainingRun.resume(folder, data, Device.cpu(), TinyRuns.QUIET));
        assertTrue(e.getMessage().contains(last.toString()), e.getMessage());
    }

    @Test
    void aFolderHoldingARunIsNotOverwritten() throws Exception {
        TrainingData data = TinyRuns.synthetic(4, 4);
        RunFolder folder = new RunFolder(dir.resolve("taken"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), TinyRuns.QUIET)) {
            run.train();
        }
        assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), TinyRuns.QUIET));
    }

    /** Progress, like every other line of a run, goes to the stream the run was given and nowhere else. */
    @Test
    void progressGoesToTheGivenStreamOnly() throws Exception {
        TrainingData data = TinyRuns.synthetic(4, 4);
        ByteArrayOutputStream given = new ByteArrayOutputStream();
        ByteArrayOutputStream standard = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        System.setOut(new PrintStream(standard, true, StandardCharsets.UTF_8));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, new RunFolder(dir.resolve("progress")),
                Device.cpu(), new PrintStream(given, true, StandardCharsets.UTF_8))) {
            run.train();
        } finally {
            System.setOut(systemOut);
        }
        assertTrue(given.toString(StandardCharsets.UTF_8).contains("epoch 1/1 ["), given.toString(StandardCharsets.UTF_8));
        assertEquals("", standard.toString(StandardCharsets.UTF_8));
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
