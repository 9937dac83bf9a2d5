package org.okdhp.train.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Steps taken in turns with another benchmark process, through two named pipes: wait for a byte
 * on one before a step, write a byte to the other after it. The processes then never compete for
 * the cores, yet their steps interleave closely enough that a shared machine's slow minute hits
 * both alike ({@code benchmarks/side_by_side.sh} pairs each JVM step with the PyTorch step after it).
 */
final class StepTurns implements AutoCloseable {

    private final Path waitPath;
    private final InputStream waitFor;
    private final OutputStream handTo;

    private StepTurns(Path waitPath, InputStream waitFor, OutputStream handTo) {
        this.waitPath = waitPath;
        this.waitFor = waitFor;
        this.handTo = handTo;
    }

    /** Opens {@code pipes} = [the pipe to wait on, the pipe to hand the turn on to]. */
    static StepTurns open(List<Path> pipes) throws IOException {
        if (pipes.size() != 2) {
            throw new IllegalArgumentException("--turns takes two named pipes, WAIT,HAND_ON; got " + pipes);
        }
        InputStream in = Files.newInputStream(pipes.get(0));
        try {
            return new StepTurns(pipes.get(0), in, Files.newOutputStream(pipes.get(1), StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Blocks until the other process hands the turn over. */
    void await() {
        try {
            if (waitFor.read() < 0) {
                throw new IllegalStateException("the other process closed " + waitPath + " before handing the turn over");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the turn from " + waitPath, e);
        }
    }

    /** Hands the turn over to the other process. */
    void handOn() {
        try {
            handTo.write(1);
            handTo.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("handing the turn on", e);
        }
    }

    @Override
    public void close() throws IOException {
        try (waitFor; handTo) {
            // both closed, the output even when closing the input fails
        }
    }
}
