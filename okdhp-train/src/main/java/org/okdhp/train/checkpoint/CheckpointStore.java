package org.okdhp.train.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.UUID;

/**
 * The checkpoints of one run folder: {@code last.ckpt} after every save, {@code best.ckpt} when
 * the caller says the metric improved, and {@code epoch-NNNN.ckpt} every {@code keepEveryEpochs}
 * completed epochs.
 *
 * <p>Every file is written atomically: bytes go to a temporary file in the same directory, which
 * is flushed to the storage device (fsync) and then renamed over the target in one step. A crash
 * or a failing write (full disk) therefore leaves the previous checkpoint intact; the failed
 * temporary file is deleted and the error names the file that was not written. Temporary files
 * left behind by a killed process are removed when a store is opened on the folder.
 */
public final class CheckpointStore {

    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    private static final String TEMP_PREFIX = ".okdhp-";
    private static final String TEMP_SUFFIX = ".ckpt.tmp";
    private static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final Path directory;
    private final int keepEveryEpochs;
    private final UnaryOperator<OutputStream> fileStreamDecorator;

    /**
     * @param directory the run folder (created if absent)
     * @param keepEveryEpochs keep a permanent copy every this many completed epochs; 0 keeps none
     */
    public CheckpointStore(Path directory, int keepEveryEpochs) throws IOException {
        this(directory, keepEveryEpochs, UnaryOperator.identity());
    }

    /**
     * A store whose file streams pass through {@code fileStreamDecorator} before the bytes reach
     * the file: the fault-injection seam the tests use to fill the disk or kill the writer
     * mid-file. Production code uses the two-argument constructor (the identity).
     */
    public CheckpointStore(Path directory, int keepEveryEpochs, UnaryOperator<OutputStream> fileStreamDecorator)
            throws IOException {
        if (keepEveryEpochs < 0) {
            throw new IllegalArgumentException("keepEveryEpochs must be >= 0, got " + keepEveryEpochs);
        }
        this.directory = directory;
        this.keepEveryEpochs = keepEveryEpochs;
        this.fileStreamDecorator = fileStreamDecorator;
        Files.createDirectories(directory);
        deleteAbandonedTemporaries();
    }

    /**
     * Saves {@code checkpoint} as {@code last.ckpt}, and also as {@code best.ckpt} and the
     * periodic copy where they apply.
     *
     * @return the files written, {@code last.ckpt} first
     */
    public List<Path> save(Checkpoint checkpoint, boolean best) throws IOException {
        List<Path> written = new ArrayList<>();
        Path last = lastFile();
        writeAtomically(last, out -> CheckpointFile.write(checkpoint, out));
        written.add(last);
        List<Path> copies = new ArrayList<>();
        if (best) {
            copies.add(bestFile());
        }
        if (keepEveryEpochs > 0 && checkpoint.completedEpochs() > 0 && checkpoint.completedEpochs() % keepEveryEpochs == 0) {
            copies.add(periodicFile(checkpoint.completedEpochs()));
        }
        for (Path copy : copies) {
            writeAtomically(copy, out -> Files.copy(last, out));
            written.add(copy);
        }
        return written;
    }

    /** The last checkpoint, or empty when this folder has none yet. */
    public Optional<Checkpoint> loadLast() throws IOException {
        Path last = lastFile();
        return Files.exists(last) ? Optional.of(CheckpointFile.read(last)) : Optional.empty();
    }

    public Path lastFile() {
        return directory.resolve(LAST);
    }

    public Path bestFile() {
        return directory.resolve(BEST);
    }

    /** The permanent copy taken after {@code completedEpochs} epochs. */
    public Path periodicFile(int completedEpochs) {
        return directory.resolve(String.format("epoch-%04d.ckpt", completedEpochs));
    }

    private void writeAtomically(Path target, Content content) throws IOException {
        // createFile, not createTempFile: checkpoints keep the umask's modes (e.g. 644), not owner-only 600.
        Path temporary = Files.createFile(
                directory.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID() + TEMP_SUFFIX));
        try {
            try (FileOutputStream file = new FileOutputStream(temporary.toFile());
                    OutputStream out = new BufferedOutputStream(fileStreamDecorator.apply(file), WRITE_BUFFER_BYTES)) {
                content.writeTo(out);
                out.flush();
                file.getFD().sync();
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            String previous = Files.exists(target) ? "the previous " + target.getFileName() + " is left intact" : "no previous file existed";
            throw new IOException("could not write checkpoint " + target + " (" + previous + "): " + e.getMessage(), e);
        }
        syncDirectory();
    }

    /** Makes the rename itself durable; platforms that cannot open a directory skip this. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open directories; the rename is still atomic, only its durability is OS-managed.
        }
    }

    private void deleteAbandonedTemporaries() throws IOException {
        try (DirectoryStream<Path> abandoned = Files.newDirectoryStream(directory, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temporary : abandoned) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
