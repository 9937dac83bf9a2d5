package org.okdhp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path runFolder;

    @Test
    void keepsLastBestAndPeriodicCopies() throws IOException {
        CheckpointStore store = new CheckpointStore(runFolder, 10);
        assertTrue(store.loadLast().isEmpty());
        assertEquals(List.of(store.lastFile(), store.bestFile()), store.save(CheckpointFixtures.sample(9), true));
        assertEquals(List.of(store.lastFile(), store.periodicFile(10)), store.save(CheckpointFixtures.sample(10), false));
        assertEquals(CheckpointFixtures.sample(10), store.loadLast().orElseThrow());
        assertEquals(CheckpointFixtures.sample(9), CheckpointFile.read(store.bestFile()));
        assertEquals(CheckpointFixtures.sample(10), CheckpointFile.read(runFolder.resolve("epoch-0010.ckpt")));
        assertEquals(3, fileCount());
    }

    @Test
    void failedWriteKeepsThePreviousCheckpointAndLeavesNoTemporaryFile() throws IOException {
        new CheckpointStore(runFolder, 0).save(CheckpointFixtures.sample(4), true);
        CheckpointStore fullDisk = new CheckpointStore(runFolder, 0, new DiskWithRoomFor(1000));
        IOException error = assertThrows(IOException.class, () -> fullDisk.save(CheckpointFixtures.sample(5), false));
        assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
        assertTrue(error.getMessage().contains(runFolder.resolve("last.ckpt").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("left intact"), error.getMessage());
        assertEquals(CheckpointFixtures.sample(4), fullDisk.loadLast().orElseThrow());
        assertEquals(2, fileCount(), "only last.ckpt and best.ckpt");
    }

    @Test
    void failureWhileCopyingBestKeepsTheOldBest() throws IOException {
        new CheckpointStore(runFolder, 0).save(CheckpointFixtures.sample(4), true);
        long lastSize = Files.size(runFolder.resolve("last.ckpt"));
        // Enough room for last.ckpt, not for the best copy that follows it.
        CheckpointStore fullDisk = new CheckpointStore(runFolder, 0, new DiskWithRoomFor(lastSize + lastSize / 2));
        assertThrows(IOException.class, () -> fullDisk.save(CheckpointFixtures.sample(5), true));
        assertEquals(CheckpointFixtures.sample(5), fullDisk.loadLast().orElseThrow());
        assertEquals(CheckpointFixtures.sample(4), CheckpointFile.read(fullDisk.bestFile()));
        assertEquals(2, fileCount());
    }

    /** Checkpoints are shared like any file the user writes, not created owner-only (600) as temporary files are. */
    @Test
    void checkpointsGetTheModesOfAnyNewFile() throws IOException {
        CheckpointStore store = new CheckpointStore(runFolder, 0);
        store.save(CheckpointFixtures.sample(1), true);
        String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(runFolder.resolve("any"))));
        assertTrue(usual.startsWith("rw-r"), "this test needs a umask that lets others read: " + usual);
        for (Path checkpoint : List.of(store.lastFile(), store.bestFile())) {
            assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(checkpoint)), checkpoint.toString());
        }
    }

    @Test
    void abandonedTemporaryFilesAreRemovedOnOpen() throws IOException {
        Files.write(runFolder.resolve(".okdhp-last.ckpt-123.ckpt.tmp"), new byte[] {1, 2, 3});
        Files.write(runFolder.resolve("notes.txt"), new byte[] {1});
        new CheckpointStore(runFolder, 0);
        try (Stream<Path> files = Files.list(runFolder)) {
            assertEquals(List.of(runFolder.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void corruptLastIsReportedNotSilentlySkipped() throws IOException {
        CheckpointStore store = new CheckpointStore(runFolder, 0);
        store.save(CheckpointFixtures.sample(2), false);
        byte[] bytes = Files.readAllBytes(store.lastFile());
        Files.write(store.lastFile(), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        InvalidCheckpointException error = assertThrows(InvalidCheckpointException.class, store::loadLast);
        assertEquals(store.lastFile(), error.file());
        assertFalse(error.getMessage().isBlank());
    }

    private long fileCount() throws IOException {
        try (Stream<Path> files = Files.list(runFolder)) {
            return files.count();
        }
    }

    /** A disk whose free space is shared by all files written through the store; full, it fails like a real one. */
    private static final class DiskWithRoomFor implements java.util.function.UnaryOperator<OutputStream> {
        private long free;

        DiskWithRoomFor(long free) {
            this.free = free;
        }

        @Override
        public OutputStream apply(OutputStream file) {
            return new FilterOutputStream(file) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (length > free) {
                        throw new IOException("No space left on device");
                    }
                    out.write(bytes, offset, length);
                    free -= length;
                }
            };
        }
    }
}
