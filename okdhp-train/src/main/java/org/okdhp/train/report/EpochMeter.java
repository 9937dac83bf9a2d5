package org.okdhp.train.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Running statistics of one training epoch: progress, throughput, the share of wall-clock time
 * spent waiting for data (high means the loader, not the network, is the bottleneck) and the
 * running mean of each loss term. Single-threaded: the training loop feeds it.
 */
public final class EpochMeter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final int totalBatches;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Map<String, Double> lossSums = new LinkedHashMap<>();
    private int batches;
    private long images;
    private long dataWaitNanos;
    private double maxGradientNorm = Double.NaN;

    /** Starts the epoch's clock now. */
    public EpochMeter(int totalBatches) {
        this(totalBatches, System::nanoTime);
    }

    /** For tests: with an injected monotonic clock in nanoseconds. */
    public EpochMeter(int totalBatches, LongSupplier nanoClock) {
        if (totalBatches < 1) {
            throw new IllegalArgumentException("an epoch has at least one batch, got " + totalBatches);
        }
        this.totalBatches = totalBatches;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /**
     * Records a finished batch.
     *
     * @param batchImages images in the batch
     * @param waitNanos time the loop was blocked waiting for this batch
     * @param losses this batch's loss terms by name (host values; fetch them every few batches on a GPU)
     */
    public void recordBatch(int batchImages, long waitNanos, Map<String, Double> losses) {
        batches++;
        images += batchImages;
        dataWaitNanos += waitNanos;
        losses.forEach((name, value) -> lossSums.merge(name, value, Double::sum));
    }

    /** Records a batch's global gradient norm (before clipping); the epoch keeps the largest. */
    public void recordGradientNorm(double norm) {
        if (Double.isNaN(maxGradientNorm) || norm > maxGradientNorm) {
            maxGradientNorm = norm;
        }
    }

    /** The largest gradient norm recorded this epoch, NaN when none was. */
    public double maxGradientNorm() {
        return maxGradientNorm;
    }

    public int batches() {
        return batches;
    }

    public int totalBatches() {
        return totalBatches;
    }

    public long elapsedNanos() {
        return nanoClock.getAsLong() - startNanos;
    }

    public double elapsedSeconds() {
        return elapsedNanos() / NANOS_PER_SECOND;
    }

    public double imagesPerSecond() {
        double elapsed = elapsedSeconds();
        return elapsed > 0 ? images / elapsed : 0.0;
    }

    /** Fraction of elapsed time spent waiting for data, in [0, 1]. */
    public double dataWaitShare() {
        long elapsed = elapsedNanos();
        return elapsed > 0 ? Math.min(1.0, (double) dataWaitNanos / elapsed) : 0.0;
    }

    /** Seconds left at the pace so far; NaN before the first batch. */
    public double etaSeconds() {
        return batches == 0 ? Double.NaN : elapsedSeconds() / batches * (totalBatches - batches);
    }

    /** Mean of each loss term over the batches so far, in first-seen order. */
    public Map<String, Double> meanLosses() {
        Map<String, Double> means = new LinkedHashMap<>();
        lossSums.forEach((name, sum) -> means.put(name, sum / batches));
        return Collections.unmodifiableMap(means);
    }
}
