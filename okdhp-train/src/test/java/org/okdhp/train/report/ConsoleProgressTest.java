package org.okdhp.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private static final long MILLIS = 1_000_000L;

    /** A clock the test advances: each batch takes 100 ms of which 25 ms waiting for data. */
    private final long[] now = {0L};

    private EpochMeter runBatches(ConsoleProgress progress, int total, int count) {
        EpochMeter meter = new EpochMeter(total, () -> now[0]);
        for (int batch = 0; batch < count; batch++) {
            now[0] += 100 * MILLIS;
            Map<String, Double> losses = new LinkedHashMap<>();
            losses.put("mse", 0.001 * (batch + 1));
            losses.put("kl", 0.5);
            meter.recordBatch(16, 25 * MILLIS, losses);
            progress.update(2, 150, meter);
        }
        return meter;
    }

    @Test
    void meterReportsThroughputWaitShareEtaAndMeans() {
        ConsoleProgress quiet = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), false, 10);
        EpochMeter meter = runBatches(quiet, 40, 10);
        assertEquals(160.0, meter.imagesPerSecond(), 1e-9);
        assertEquals(0.25, meter.dataWaitShare(), 1e-12);
        assertEquals(3.0, meter.etaSeconds(), 1e-9);
        assertEquals(0.0055, meter.meanLosses().get("mse"), 1e-12);
        assertEquals("epoch 3/150 [######..................]  25% 10/40 eta 0:03 | mse 0.005500 kl 0.5000"
                + " | 160.0 img/s | data wait 25%", ConsoleProgress.line(2, 150, meter));
        meter.recordGradientNorm(0.5);
        meter.recordGradientNorm(2.25);
        meter.recordGradientNorm(1.0);
        assertEquals(2.25, meter.maxGradientNorm());
        assertTrue(ConsoleProgress.line(2, 150, meter).contains(" | grad norm max 2.25 | "),
                ConsoleProgress.line(2, 150, meter));
    }

    /** Everything printed for one whole epoch of {@code batches} batches. */
    private String epochOutput(boolean interactive, int batches) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, 10);
        progress.finish(2, 150, runBatches(progress, batches, batches));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutTerminalPrintsOneLinePerTenPercentAndNoCarriageReturns() {
        String output = epochOutput(false, 55);
        assertFalse(output.contains("\r"));
        String[] lines = output.split("\n");
        assertEquals(10, lines.length, output);
        assertTrue(lines[0].contains(" 10% 6/55"), lines[0]);
        assertTrue(lines[9].contains("100% 55/55 eta 0:00"), lines[9]);
    }

    @Test
    void onATerminalRedrawsInPlaceThrottledAndEndsWithOneNewline() {
        String output = epochOutput(true, 20);
        // 100 ms per batch, redraw at most every 200 ms: 10 redraws plus the final one.
        assertEquals(11, output.chars().filter(c -> c == '\r').count());
        assertEquals(1, output.chars().filter(c -> c == '\n').count());
        assertTrue(output.endsWith("data wait 25%\n"), output);
    }

    @Test
    void durationsReadAsClockTimes() {
        assertEquals("0:05", ConsoleProgress.duration(4.6));
        assertEquals("12:34", ConsoleProgress.duration(754));
        assertEquals("2:00:01", ConsoleProgress.duration(7201));
        assertEquals("?", ConsoleProgress.duration(Double.NaN));
    }
}
