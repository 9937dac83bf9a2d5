package org.okdhp.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

    /** A plotted chart with axes, labels, legend and several coloured series has many colours. */
    private static final int MIN_DISTINCT_COLOURS = 50;

    @TempDir
    Path folder;

    @Test
    void writesLossAndMetricChartsAsNonTrivialPngs() throws IOException {
        List<EpochRecord> records = new ArrayList<>();
        for (int epoch = 0; epoch < 30; epoch++) {
            records.add(EpochCsvTest.record(epoch, epoch % 5 == 4));
        }
        List<Path> charts = TrainingCurves.write(records, folder);
        assertEquals(List.of(folder.resolve("losses.png"), folder.resolve("metrics.png")), charts);
        for (Path chart : charts) {
            BufferedImage image = ImageIO.read(chart.toFile());
            assertEquals(900, image.getWidth());
            assertEquals(520, image.getHeight());
            assertTrue(distinctColours(image) >= MIN_DISTINCT_COLOURS, chart + " looks blank");
        }
    }

    @Test
    void noMetricChartBeforeTheFirstValidation() throws IOException {
        List<Path> charts = TrainingCurves.write(List.of(EpochCsvTest.record(0, false)), folder);
        assertEquals(List.of(folder.resolve("losses.png")), charts);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
