package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    /** Thrown by a listener to stand for the process being killed. */
    static final class Killed extends RuntimeException {}

    @Test
    void aRunKilledAfterItsFirstCheckpointAndResumedEndsWithTheSameWeights() throws Exception {
        TrainingData data = TinyRuns.synthetic(12, 4);
        TrainingConfig config = TinyRuns.config(2);
        Map<String, float[]> uninterrupted;
        try (TrainingRun run = TrainingRun.start(config, data, new RunFolder(dir.resolve("a")), Device.cpu(), QUIET)) {
            run.train();
            uninterrupted = snapshot(run.parameters());
        }
        RunFolder killed = new RunFolder(dir.resolve("b"));
        try (TrainingRun run = TrainingRun.start(config, data, killed, Device.cpu(), QUIET)) {
            run.withListener(new TrainingListener() {
                @Override
                public void afterEpoch(int epoch) {
                    throw new Killed();
                }
            });
            assertThrows(Killed.class, run::train);
        }
        try (TrainingRun run = TrainingRun.resume(killed, data, Device.cpu(), QUIET)) {
            run.train();
            Map<String, float[]> resumed = snapshot(run.parameters());
            assertEquals(uninterrupted.keySet(), resumed.keySet());
            uninterrupted.forEach((name, values) -> assertArrayEquals(values, resumed.get(name), name));
        }
        List<EpochRecord> log = EpochCsv.read(killed.metrics());
        assertEquals(List.of(0, 1), log.stream().map(EpochRecord::epoch).toList(), "one row per epoch after resume");
        assertTrue(Files.exists(killed.root().resolve("losses.png")) && Files.exists(killed.config()));
    }

    @Test
    void aNanLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("nan"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(3), data, folder, Device.cpu(), QUIET)) {
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
        }
        var last = new CheckpointStore(folder.checkpoints(), 0).loadLast().orElseThrow();
        assertEquals(1, last.completedEpochs());
        assertTrue(last.model().values().stream().allMatch(t -> allFinite(t.data())));
        try (TrainingRun run = TrainingRun.resume(folder, data, Device.cpu(), QUIET)) {
            TrainingOutcome outcome = run.train();
            assertEquals(3 * 2, outcome.steps(), "3 epochs of 8 images in batches of 4");
        }
    }

    @Test
    void aCorruptCheckpointIsRefusedNamingTheFile() throws Exception {
        TrainingData data = TinyRuns.synthetic(4, 4);
        RunFolder folder = new RunFolder(dir.resolve("corrupt"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), QUIET)) {
            run.train();
        }
        Path last = folder.checkpoints().resolve(CheckpointStore.LAST);
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(last, bytes);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class,
                () -> TrainingRun.resume(folder, data, Device.cpu(), QUIET));
        assertTrue(e.getMessage().contains(last.toString()), e.getMessage());
    }

    @Test
    void aFolderHoldingARunIsNotOverwritten() throws Exception {
        TrainingData data = TinyRuns.synthetic(4, 4);
        RunFolder folder = new RunFolder(dir.resolve("taken"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), QUIET)) {
            run.train();
        }
        assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.start(TinyRuns.config(1), data, folder, Device.cpu(), QUIET));
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, float[]> snapshot(Map<String, Parameter> parameters) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, p) -> copy.put(name, p.getArray().toFloatArray()));
        return copy;
    }
}
