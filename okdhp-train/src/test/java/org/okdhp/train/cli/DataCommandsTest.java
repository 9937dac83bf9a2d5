package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code show-samples} and {@code bench data}, run in-process. */
class DataCommandsTest {

    @TempDir
    Path dir;

    @Test
    void showSamplesWritesAGridOfAugmentedCrops() throws IOException {
        Path grid = dir.resolve("nested/grid.png");
        CommandRun run = CommandRun.of("show-samples", "--dataset", "synthetic", "--count", "8", "--seed", "3", "--output", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("wrote 8 samples"), run.out());
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(4 * (256 + 4) + 4, image.getWidth());
        assertEquals(2 * (256 + 4) + 4, image.getHeight());
        // Kept for a person to look at.
        Path preview = Path.of("target", "preview", "show_samples.png");
        Files.createDirectories(preview.getParent());
        Files.copy(grid, preview, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void showSamplesTakesIndicesEvalModeAndCocoLayout() throws IOException {
        Path grid = dir.resolve("coco.png");
        CommandRun run = CommandRun.of("show-samples", "--indices", "0,3,5", "--eval", "--input-size", "192x256", "-o", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(3 * (192 + 4) + 4, image.getWidth());
        assertEquals(256 + 8, image.getHeight());
    }

    @Test
    void userErrorsAreOneLineWithoutStackTrace() {
        for (String[] args : new String[][] {
            {"show-samples", "--indices", "2,-1", "-o", dir.resolve("x.png").toString()},
            {"show-samples", "--input-size", "250x256", "-o", dir.resolve("y.png").toString()},
            {"show-samples", "--input-size", "big", "-o", dir.resolve("z.png").toString()}}) {
            CommandRun run = CommandRun.of(args);
            assertEquals(UserErrorHandler.EXIT_USER_ERROR, run.exitCode(), String.join(" ", args));
            String err = run.err().strip();
            assertTrue(err.startsWith("okdhp show-samples: ") || err.startsWith("okdhp bench data: "), err);
            assertFalse(err.contains("\n") || err.contains("Exception") || err.contains("\tat "), err);
            assertFalse(Files.exists(dir.resolve("x.png")));
        }
    }

    @Test
    void malformedCommandLinesAreOneLineToo() {
        CommandRun run = CommandRun.of("show-samples", "--count", "3", "--indices", "1");
        assertEquals(2, run.exitCode());
        String err = run.err().strip();
        assertTrue(err.startsWith("okdhp: ") && err.contains("okdhp show-samples --help"), err);
        assertFalse(err.contains("\n"), err);
        CommandRun unknown = CommandRun.of("bench", "data", "--threads", "one");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().strip().startsWith("okdhp: ") && unknown.err().contains("--threads"), unknown.err());
    }

    @Test
    void benchDataPrintsSamplesPerSecond() {
        CommandRun run = CommandRun.of("bench", "data", "--threads", "1", "--samples", "32", "--size", "128");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*threads 1: \\d+ samples/s.*"), run.out());
    }
}
