package org.okdhp.data.dataset;

import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.okdhp.data.image.ImageReadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches of a {@link TopDownDataset}, made in parallel: every sample is a task on a fixed pool,
 * and the tasks of the next {@code prefetchBatches} batches are queued while the consumer works
 * on the current one, so a training step does not wait when the cores keep up. Samples depend only
 * on (seed, epoch, index), so batches are identical for any thread count.
 *
 * <pre>{@code
 * try (PoseBatchLoader loader = new PoseBatchLoader(train, LoaderConfig.training(16))) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         for (PoseBatch batch : loader.epoch(epoch, trainer.getManager())) {
 *             try (batch) {
 *                 // forward batch.input(), loss against batch.target() / batch.targetWeight()
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
public final class PoseBatchLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoseBatchLoader.class);
    /** Stream id that separates the shuffle generator from the per-sample generators. */
    private static final long SHUFFLE_STREAM = -1;

    private final TopDownDataset dataset;
    private final LoaderConfig config;
    private final ExecutorService pool;
    private final AtomicLong skipped = new AtomicLong();

    public PoseBatchLoader(TopDownDataset dataset, LoaderConfig config) {
        this.dataset = dataset;
        this.config = config;
        this.pool = config.threads() == 0 ? null : Executors.newFixedThreadPool(config.threads(), daemonThreads());
    }

    public TopDownDataset dataset() {
        return dataset;
    }

    public LoaderConfig config() {
        return config;
    }

    /** Batches per epoch (before any skipped sample empties one). */
    public int batchCount() {
        int n = dataset.instanceCount();
        int b = config.batchSize();
        return config.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** Samples dropped so far because their image could not be read ({@code skipUnreadable}). */
    public long skippedCount() {
        return skipped.get();
    }

    /** The sample order of {@code epoch}: shuffled from (seed, epoch) or the dataset order. */
    public int[] order(int epoch) {
        int n = dataset.instanceCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (config.shuffle()) {
            SplittableRandom random = new SplittableRandom(DerivedSeed.of(dataset.seed(), epoch, SHUFFLE_STREAM));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /**
     * The batches of one epoch. Each batch's arrays go into a new sub-manager of {@code manager};
     * close each batch after its step. Iterating twice prepares the epoch twice (same content);
     * leaving an iteration early lets at most {@code 1 + prefetchBatches} queued batches finish
     * on the workers, as plain Java arrays that are then garbage.
     *
     * @throws UncheckedIOException from the iterator when an image cannot be read and
     *     {@code skipUnreadable} is off; the message names the file
     */
    public Iterable<PoseBatch> epoch(int epoch, NDManager manager) {
        return () -> new EpochIterator(epoch, manager);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "okdhp-data-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Keeps up to 1 + prefetchBatches batches of sample tasks queued, in epoch order. */
    private final class EpochIterator implements Iterator<PoseBatch> {

        private final int epoch;
        private final NDManager manager;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<List<Future<PoseSample>>> queued = new ArrayDeque<>();
        private int nextToQueue;
        private List<PoseSample> ready;

        EpochIterator(int epoch, NDManager manager) {
            this.epoch = epoch;
            this.manager = manager;
            this.order = order(epoch);
            this.batches = batchCount();
            topUp();
        }

        @Override
        public boolean hasNext() {
            while (ready == null && !queued.isEmpty()) {
                List<Future<PoseSample>> next = queued.poll();
                topUp();
                List<PoseSample> samples = join(next);
                ready = samples.isEmpty() ? null : samples;
            }
            return ready != null;
        }

        @Override
        public PoseBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<PoseSample> samples = ready;
            ready = null;
            return PoseBatch.of(manager, samples, dataset.config());
        }

        private void topUp() {
            while (queued.size() <= config.prefetchBatches() && nextToQueue < batches) {
                int from = nextToQueue * config.batchSize();
                int to = Math.min(from + config.batchSize(), order.length);
                List<Future<PoseSample>> tasks = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    int index = order[i];
                    FutureTask<PoseSample> task = new FutureTask<>(() -> dataset.sample(index, epoch));
                    if (pool == null) {
                        task.run();
                    } else {
                        pool.execute(task);
                    }
                    tasks.add(task);
                }
                queued.add(tasks);
                nextToQueue++;
            }
        }

        private List<PoseSample> join(List<Future<PoseSample>> tasks) {
            List<PoseSample> samples = new ArrayList<>(tasks.size());
            for (Future<PoseSample> task : tasks) {
                try {
                    samples.add(task.get());
                } catch (ExecutionException e) {
                    handleFailure(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelQueued();
                    throw new IllegalStateException("interrupted while loading a batch", e);
                } catch (CancellationException e) {
                    throw new IllegalStateException("the loader was closed while an epoch was in progress", e);
                }
            }
            return samples;
        }

        private void handleFailure(Throwable cause) {
            if (cause instanceof ImageReadException unreadable && config.skipUnreadable()) {
                long count = skipped.incrementAndGet();
                LOG.warn("skipping unreadable sample ({} so far): {}", count, unreadable.getMessage());
                return;
            }
            cancelQueued();
            if (cause instanceof ImageReadException unreadable) {
                throw new UncheckedIOException(unreadable.getMessage(), unreadable);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }

        private void cancelQueued() {
            queued.forEach(tasks -> tasks.forEach(task -> task.cancel(true)));
            queued.clear();
        }
    }
}
