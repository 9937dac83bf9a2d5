package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
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
        keepForPreview(grid, "show_samples.png");
    }

    @Test
    void showSamplesTakesIndicesEvalModeAndCocoLayout() throws IOException {
        Path grid = dir.resolve("coco.png");
        CommandRun run = CommandRun.of("show-samples", "--indices", "0,3,5", "--eval", "--input-size", "256x192", "-o", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(3 * (192 + 4) + 4, image.getWidth());
        assertEquals(256 + 8, image.getHeight(), "--input-size is height x width, as a config's data.input_size");
    }

    /** The MPII fixture (5 people of HRNet's valid.json) as evaluation crops, kept in target/preview to look at. */
    @Test
    void showSamplesRendersRealMpiiPeople() throws IOException {
        Path mpii = fixture("mpii");
        Path grid = dir.resolve("mpii.png");
        CommandRun run = CommandRun.of("show-samples", "--dataset", "mpii", "--annotations", mpii.resolve("test_mpii.json").toString(),
                "--images", mpii.toString(), "--eval", "-o", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("wrote 5 samples"), "the default 8 shrinks to the 5 people there are: " + run.out());
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(4 * (256 + 4) + 4, image.getWidth());
        assertEquals(2 * (256 + 4) + 4, image.getHeight());
        keepForPreview(grid, "show_samples_mpii.png");

        Path augmented = dir.resolve("mpii_train.png");
        assertEquals(0, CommandRun.of("show-samples", "--dataset", "mpii", "--annotations", mpii.resolve("test_mpii.json").toString(),
                "--images", mpii.toString(), "--indices", "0,1,2,3,4,0,1,2", "--seed", "5", "-o", augmented.toString()).exitCode());
        keepForPreview(augmented, "show_samples_mpii_augmented.png");
    }

    /** The COCO fixture: 12 of its 14 people have keypoints; COCO inputs default to 192 wide x 256 high. */
    @Test
    void showSamplesRendersRealCocoPeople() throws IOException {
        Path coco = fixture("coco");
        Path grid = dir.resolve("coco.png");
        CommandRun run = CommandRun.of("show-samples", "--dataset", "coco", "--annotations", coco.resolve("test_coco.json").toString(),
                "--images", coco.toString(), "--count", "12", "--eval", "-o", grid.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("wrote 12 samples"), run.out());
        BufferedImage image = ImageIO.read(grid.toFile());
        assertEquals(4 * (192 + 4) + 4, image.getWidth());
        assertEquals(3 * (256 + 4) + 4, image.getHeight());
        keepForPreview(grid, "show_samples_coco.png");

        CommandRun beyond = CommandRun.of("show-samples", "--dataset", "coco", "--annotations", coco.resolve("test_coco.json").toString(),
                "--images", coco.toString(), "--count", "13", "-o", dir.resolve("none.png").toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, beyond.exitCode());
        assertEquals("okdhp show-samples: sample index 12 is outside the dataset (0..11)", beyond.err().strip());
    }

    @Test
    void realDatasetsNeedTheirFilesNamed() {
        CommandRun noFiles = CommandRun.of("show-samples", "--dataset", "coco", "-o", dir.resolve("a.png").toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, noFiles.exitCode());
        assertEquals("okdhp show-samples: --dataset coco needs --annotations FILE and --images DIR", noFiles.err().strip());

        CommandRun noFolder = CommandRun.of("show-samples", "--dataset", "mpii", "--annotations", dir.resolve("train.json").toString(),
                "--images", dir.resolve("images").toString(), "-o", dir.resolve("b.png").toString());
        assertEquals("okdhp show-samples: --images " + dir.resolve("images") + " is not a folder", noFolder.err().strip());

        CommandRun noFile = CommandRun.of("show-samples", "--dataset", "mpii", "--annotations", dir.resolve("train.json").toString(),
                "--images", dir.toString(), "-o", dir.resolve("c.png").toString());
        assertEquals("okdhp show-samples: " + dir.resolve("train.json") + ": no such file", noFile.err().strip());

        CommandRun syntheticWithFiles = CommandRun.of("show-samples", "--images", dir.toString(), "-o", dir.resolve("d.png").toString());
        assertEquals("okdhp show-samples: --annotations and --images apply to --dataset mpii and coco only",
                syntheticWithFiles.err().strip());
    }

    @Test
    void userErrorsAreOneLineWithoutStackTrace() {
        for (String[] args : new String[][] {
            {"show-samples", "--indices", "2,-1", "-o", dir.resolve("x.png").toString()},
            {"show-samples", "--input-size", "250x256", "-o", dir.resolve("y.png").toString()},
            {"show-samples", "--input-size", "big", "-o", dir.resolve("z.png").toString()},
            {"show-samples", "--columns", "0", "-o", dir.resolve("x.png").toString()},
            {"show-samples", "--epoch", "-1", "-o", dir.resolve("x.png").toString()}}) {
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

    /** Kept under target/preview for a person to look at. */
    private static void keepForPreview(Path png, String name) throws IOException {
        Path preview = Path.of("target", "preview", name);
        Files.createDirectories(preview.getParent());
        Files.copy(png, preview, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path fixture(String name) {
        String shared = System.getProperty("okdhp.shared");
        Path path = shared == null ? null : Path.of(shared, "fixtures", name);
        Assumptions.assumeTrue(path != null && Files.isDirectory(path), "shared fixtures absent, skipping");
        return path;
    }

    @Test
    void benchDataPrintsSamplesPerSecond() {
        CommandRun run = CommandRun.of("bench", "data", "--threads", "1", "--samples", "32", "--size", "128");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*threads 1: \\d+ samples/s.*"), run.out());
    }
}
