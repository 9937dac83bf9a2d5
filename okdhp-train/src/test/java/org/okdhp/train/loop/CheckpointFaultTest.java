package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.checkpoint.CheckpointFile;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.device.DeviceSet;
import org.okdhp.train.device.EngineVerification;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochRecord;

/**
 * A real two-epoch run whose second checkpoint write fails half-way, injected through the
 * checkpoint store's stream seam: the previous checkpoint stays loadable and resuming ends with
 * the weights of a run that never failed.
 */
class CheckpointFaultTest {

    private static final TrainingConfig CONFIG = TinyRuns.config(2);

    @TempDir
    Path dir;

    /** Stands for the process dying: an Error, which the store does not catch, so its temporary file stays as a kill leaves it. */
    static final class KilledMidWrite extends Error {}

    @Test
    void aProcessKilledWhileWritingACheckpointLeavesThePreviousOneLoadableAndResumeWorks() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("killed"));
        try (TrainingRun run = startFailingAfterTheFirstEpoch(data, folder, () -> {
            throw new KilledMidWrite();
        })) {
            assertThrows(KilledMidWrite.class, run::train);
        }
        Path last = folder.checkpoints().resolve(CheckpointStore.LAST);
        List<Path> leftovers = temporaryFiles(folder);
        assertEquals(1, leftovers.size(), "the half-written file a kill leaves behind");
        long partial = Files.size(leftovers.get(0));
        assertTrue(partial > 0 && partial < Files.size(last), partial + " of " + Files.size(last) + " bytes");
        assertEquals(1, CheckpointFile.read(last).completedEpochs(), "the previous checkpoint, intact");

        assertResumesToTheUninterruptedWeights(data, folder);
        assertTrue(temporaryFiles(folder).isEmpty(), "resume clears what the killed write left");
    }

    @Test
    void aFullDiskWhileCheckpointingStopsWithAClearErrorKeepsTheOldCheckpointAndResumeWorks() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("full"));
        IOException error;
        try (TrainingRun run = startFailingAfterTheFirstEpoch(data, folder, () -> {
            throw new IOException("No space left on device");
        })) {
            error = assertThrows(IOException.class, run::train);
        }
        Path last = folder.checkpoints().resolve(CheckpointStore.LAST);
        assertEquals("could not write checkpoint " + last + " (the previous last.ckpt is left intact): No space left on device",
                error.getMessage());
        assertTrue(temporaryFiles(folder).isEmpty(), "a failed write cleans up after itself");
        assertEquals(1, CheckpointFile.read(last).completedEpochs());

        assertResumesToTheUninterruptedWeights(data, folder);
    }

    /** A run whose checkpoint files, from the second epoch's on, strike {@code fault} half-way through their first write. */
    private static TrainingRun startFailingAfterTheFirstEpoch(TrainingData data, RunFolder folder, Fault fault)
            throws IOException {
        boolean[] armed = {false};
        UnaryOperator<OutputStream> disk = file -> new FilterOutputStream(file) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (armed[0]) {
                    out.write(bytes, offset, length / 2);
                    out.flush();
                    fault.strike();
                }
                out.write(bytes, offset, length);
            }
        };
        TrainingRun run = TrainingRun.start(CONFIG, data, folder, new DeviceSet(List.of(Device.cpu())), TinyRuns.QUIET, disk,
                EngineVerification.standard());
        return run.withListener(new TrainingListener() {
            @Override
            public void afterEpoch(int epoch) {
                armed[0] = true;
            }
        });
    }

    private void assertResumesToTheUninterruptedWeights(TrainingData data, RunFolder folder) throws Exception {
        Map<String, float[]> uninterrupted = TinyRuns.uninterrupted(CONFIG, data, new RunFolder(dir.resolve("reference")));
        try (TrainingRun run = TrainingRun.resume(folder, data, Device.cpu(), TinyRuns.QUIET)) {
            run.train();
            TinyRuns.assertSameWeights(uninterrupted, TinyRuns.weights(run));
        }
        assertEquals(List.of(0, 1), EpochCsv.read(folder.metrics()).stream().map(EpochRecord::epoch).toList(),
                "one row per epoch: the failed epoch's row is replaced, not repeated");
    }

    private static List<Path> temporaryFiles(RunFolder folder) throws IOException {
        try (Stream<Path> files = Files.list(folder.checkpoints())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** What goes wrong mid-write. */
    @FunctionalInterface
    private interface Fault {
        void strike() throws IOException;
    }
}
