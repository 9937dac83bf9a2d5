package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code show-samples} and {@code bench data}, run in-process. */
class DataCommandsTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OkdhpCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void showSamplesWritesAGridOfAugmentedCrops() throws IOException {
        Path grid = dir.resolve("nested/grid.png");
        Run run = run("show-samples", "--dataset", "synthetic", "--count", "8", "--seed", "3", "--output", grid.toString());
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
        Run run = run("show-samples", "--indices", "0,3,5", "--eval", "--input-size", "192x256", "-o", grid.toString());
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
            Run run = run(args);
            assertEquals(UserErrorHandler.EXIT_USER_ERROR, run.exitCode(), String.join(" ", args));
            String err = run.err().strip();
            assertTrue(err.startsWith("okdhp show-samples: ") || err.startsWith("okdhp bench data: "), err);
            assertFalse(err.contains("\n") || err.contains("Exception") || err.contains("\tat "), err);
            assertFalse(Files.exists(dir.resolve("x.png")));
        }
    }

    @Test
    void malformedCommandLinesAreOneLineToo() {
        Run run = run("show-samples", "--count", "3", "--indices", "1");
        assertEquals(2, run.exitCode());
        String err = run.err().strip();
        assertTrue(err.startsWith("okdhp: ") && err.contains("okdhp show-samples --help"), err);
        assertFalse(err.contains("\n"), err);
        Run unknown = run("bench", "data", "--threads", "one");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().strip().startsWith("okdhp: ") && unknown.err().contains("--threads"), unknown.err());
    }

    @Test
    void benchDataPrintsSamplesPerSecond() {
        Run run = run("bench", "data", "--threads", "1", "--samples", "32", "--size", "128");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*threads 1: \\d+ samples/s.*"), run.out());
    }
}
