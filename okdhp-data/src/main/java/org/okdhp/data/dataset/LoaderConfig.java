package org.okdhp.data.dataset;

/**
 * How {@link PoseBatchLoader} batches and parallelises.
 *
 * @param batchSize samples per batch
 * @param shuffle a new order every epoch (derived from the dataset seed and the epoch)
 * @param dropLast drop a final batch smaller than {@code batchSize}
 * @param threads worker threads that decode and augment; 0 runs everything on the caller's thread
 * @param prefetchBatches batches prepared ahead of the one being consumed
 * @param skipUnreadable drop samples whose image cannot be read (counted and logged) instead of failing
 */
public record LoaderConfig(
        int batchSize, boolean shuffle, boolean dropLast, int threads, int prefetchBatches, boolean skipUnreadable) {

    /** Two batches ahead keep the workers busy while the consumer runs a step. */
    public static final int DEFAULT_PREFETCH_BATCHES = 2;

    public LoaderConfig {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (threads < 0 || prefetchBatches < 0) {
            throw new IllegalArgumentException("threads and prefetch must be >= 0");
        }
    }

    /** Shuffled, last partial batch dropped, one worker per core, failing on unreadable images. */
    public static LoaderConfig training(int batchSize) {
        return new LoaderConfig(batchSize, true, true, Runtime.getRuntime().availableProcessors(),
                DEFAULT_PREFETCH_BATCHES, false);
    }

    /** Dataset order, every sample kept, one worker per core. */
    public static LoaderConfig evaluation(int batchSize) {
        return new LoaderConfig(batchSize, false, false, Runtime.getRuntime().availableProcessors(),
                DEFAULT_PREFETCH_BATCHES, false);
    }

    public LoaderConfig withThreads(int value) {
        return new LoaderConfig(batchSize, shuffle, dropLast, value, prefetchBatches, skipUnreadable);
    }

    public LoaderConfig withPrefetchBatches(int value) {
        return new LoaderConfig(batchSize, shuffle, dropLast, threads, value, skipUnreadable);
    }

    public LoaderConfig withSkipUnreadable(boolean value) {
        return new LoaderConfig(batchSize, shuffle, dropLast, threads, prefetchBatches, value);
    }
}
