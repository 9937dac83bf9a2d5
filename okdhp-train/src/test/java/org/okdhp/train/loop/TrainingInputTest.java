package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.data.synthetic.SyntheticPoseDataset.ImageFormat;
import org.okdhp.train.data.PckhProtocol;
import org.okdhp.train.data.TrainingData;

/** What a run does with data it cannot use: unreadable images, and splits too small to train or validate on. */
class TrainingInputTest {

    @TempDir
    Path dir;

    /** 8 training figures written as PNG files, of which synthetic_000003.png is cut in half and synthetic_000005.png is text. */
    private TrainingData withTwoBrokenImages() throws IOException {
        PoseSource written = SyntheticPoseDataset.generate(SyntheticConfig.of(8, 1).withImageSize(ImageSize.square(64)))
                .writeTo(dir.resolve("images"), ImageFormat.PNG);
        Path truncated = dir.resolve("images/synthetic_000003.png");
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("images/synthetic_000005.png"), "not an image");
        return new TrainingData(written, TinyRuns.synthetic(4, 4).validation(), TinyRuns.synthetic(4, 4).protocol());
    }

    @Test
    void anUnreadableImageStopsTrainingNamingItAndTheOption() throws Exception {
        TrainingData data = withTwoBrokenImages();
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1), data, new RunFolder(dir.resolve("run")), Device.cpu(),
                TinyRuns.QUIET)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, run::train);
            ImageReadException cause = (ImageReadException) e.getCause();
            assertTrue(cause.file().getFileName().toString().matches("synthetic_00000[35]\\.png"), cause.getMessage());
            assertTrue(cause.getMessage().startsWith(cause.file() + ": "), cause.getMessage());
            assertTrue(cause.getMessage().endsWith("; set run.skip_unreadable_samples=true to skip and count unreadable samples"),
                    cause.getMessage());
        }
    }

    @Test
    void withSkipUnreadableSamplesTheRunSkipsCountsAndReportsThem() throws Exception {
        TrainingData data = withTwoBrokenImages();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(2, "run.skip_unreadable_samples=true"), data,
                new RunFolder(dir.resolve("run")), Device.cpu(), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            TrainingOutcome outcome = run.train();
            assertEquals(2 * 2, outcome.skippedSamples(), "both broken images, in each of 2 epochs");
            assertEquals(2 * 2, outcome.steps(), "8 images in batches of 4; the broken ones only shrink their batch");
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("epoch 1: skipped 2 unreadable training samples (run.skip_unreadable_samples; 2 in this run)"),
                report);
        assertTrue(report.contains("epoch 2: skipped 2 unreadable training samples (run.skip_unreadable_samples; 4 in this run)"),
                report);
    }

    @Test
    void splitsTooSmallToTrainOrValidateOnAreRefusedBeforeAnythingIsWritten() {
        RunFolder folder = new RunFolder(dir.resolve("run"));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> TrainingRun.start(
                TinyRuns.config(1), TinyRuns.synthetic(3, 4), folder, Device.cpu(), TinyRuns.QUIET));
        assertEquals("the training split has 3 people, fewer than optim.batch_size 4, so an epoch would hold no batch;"
                + " lower optim.batch_size or add training data", small.getMessage());

        TrainingData train = TinyRuns.synthetic(4, 1);
        List<PoseInstance> none = List.of();
        TrainingData noValidation = new TrainingData(train.train(),
                new PoseSource(none, train.validation().jointSet(), train.validation().images()), PckhProtocol.of(none));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> TrainingRun.start(
                TinyRuns.config(1), noValidation, folder, Device.cpu(), TinyRuns.QUIET));
        assertEquals("the validation split is empty; there is nothing to validate on", empty.getMessage());
        assertFalse(Files.exists(folder.root()), "no run folder for a run that cannot start");
    }
}
