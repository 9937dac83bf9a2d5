package org.okdhp.train.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A per-epoch progress line: bar, batches, ETA, loss terms, images/s, data-wait share.
 *
 * <p>On a terminal the line is redrawn in place ({@code \r}) at most every
 * {@link #REDRAW_INTERVAL_NANOS} (0.2 s). When output is not a terminal (a CI log, a file) carriage
 * returns would pile up into one huge line, so a plain line is printed each time progress
 * crosses another {@code percentStep} percent.
 */
public final class ConsoleProgress {

    public static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
    public static final int DEFAULT_PERCENT_STEP = 10;
    private static final int BAR_WIDTH = 24;
    private static final int SECONDS_PER_MINUTE = 60;
    private static final int PERCENT = 100;

    private final PrintStream out;
    private final boolean interactive;
    private final int percentStep;
    private long lastRedrawNanos = Long.MIN_VALUE;
    private int lastPrintedStep;
    private int lastLineLength;

    public ConsoleProgress(PrintStream out, boolean interactive, int percentStep) {
        if (percentStep < 1 || percentStep > PERCENT) {
            throw new IllegalArgumentException("percent step must be in [1, 100], got " + percentStep);
        }
        this.out = out;
        this.interactive = interactive;
        this.percentStep = percentStep;
    }

    /** Progress on {@code out}, redrawn in place only when it is standard output on a terminal. */
    public static ConsoleProgress on(PrintStream out) {
        return new ConsoleProgress(out, out == System.out && System.console() != null, DEFAULT_PERCENT_STEP);
    }

    /** Shows progress after a batch; call {@link #finish} at the end of the epoch. */
    public void update(int epoch, int totalEpochs, EpochMeter meter) {
        int percent = PERCENT * meter.batches() / meter.totalBatches();
        if (interactive) {
            long now = meter.elapsedNanos();
            if (lastRedrawNanos == Long.MIN_VALUE || now - lastRedrawNanos >= REDRAW_INTERVAL_NANOS) {
                redraw(line(epoch, totalEpochs, meter));
                lastRedrawNanos = now;
            }
        } else if (percent / percentStep > lastPrintedStep) {
            lastPrintedStep = percent / percentStep;
            out.println(line(epoch, totalEpochs, meter));
        }
    }

    /** Prints the epoch's final line (always, whatever the throttling) and starts a new line. */
    public void finish(int epoch, int totalEpochs, EpochMeter meter) {
        String line = line(epoch, totalEpochs, meter);
        if (interactive) {
            redraw(line);
            out.println();
        } else if (lastPrintedStep < PERCENT / percentStep) {
            out.println(line);
        }
        out.flush();
        lastRedrawNanos = Long.MIN_VALUE;
        lastPrintedStep = 0;
        lastLineLength = 0;
    }

    private void redraw(String line) {
        // Pad over the remains of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
        out.flush();
        lastLineLength = line.length();
    }

    static String line(int epoch, int totalEpochs, EpochMeter meter) {
        int filled = BAR_WIDTH * meter.batches() / meter.totalBatches();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%% %d/%d eta %s",
                epoch + 1, totalEpochs, "#".repeat(filled), ".".repeat(BAR_WIDTH - filled),
                PERCENT * meter.batches() / meter.totalBatches(), meter.batches(), meter.totalBatches(),
                duration(meter.batches() == meter.totalBatches() ? 0.0 : meter.etaSeconds())));
        line.append(" |");
        for (Map.Entry<String, Double> loss : meter.meanLosses().entrySet()) {
            line.append(String.format(Locale.ROOT, " %s %.4g", loss.getKey(), loss.getValue()));
        }
        if (!Double.isNaN(meter.maxGradientNorm())) {
            line.append(String.format(Locale.ROOT, " | grad norm max %.3g", meter.maxGradientNorm()));
        }
        line.append(String.format(Locale.ROOT, " | %.1f img/s | data wait %.0f%%",
                meter.imagesPerSecond(), PERCENT * meter.dataWaitShare()));
        return line.toString();
    }

    /** m:ss, or h:mm:ss from an hour on; "?" while unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long total = Math.round(seconds);
        long hours = total / (SECONDS_PER_MINUTE * SECONDS_PER_MINUTE);
        long minutes = total / SECONDS_PER_MINUTE % SECONDS_PER_MINUTE;
        long secs = total % SECONDS_PER_MINUTE;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }
}
