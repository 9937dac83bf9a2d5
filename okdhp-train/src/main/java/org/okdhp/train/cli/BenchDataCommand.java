package org.okdhp.train.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.okdhp.core.model.Stem;
import org.okdhp.data.dataset.LoaderConfig;
import org.okdhp.data.dataset.PoseBatch;
import org.okdhp.data.dataset.PoseBatchLoader;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.AugmentationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code okdhp bench data}: training samples per second (decode + augmented crop + targets +
 * batching into NDArrays) through {@link PoseBatchLoader}, on synthetic images written to a
 * temporary directory so decoding reads real files.
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Training-data throughput: decode + augment + targets + batch, per thread count.")
final class BenchDataCommand implements Callable<Integer> {

    /** Batches of the spec's training recipe. */
    private static final int BATCH_SIZE = 16;
    private static final long SEED = 1;
    private static final double NANOS_PER_SECOND = 1e9;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "N",
            description = "Loader thread counts to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--size", defaultValue = "256", description = "Square network input, px (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--samples", defaultValue = "512", description = "Samples per measured epoch (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--image-size", defaultValue = "256",
            description = "Side of the synthetic source images, px (default: ${DEFAULT-VALUE}; MPII photos are 1280x720).")
    int imageSize;

    @Option(names = "--format", defaultValue = "jpeg",
            description = "Image files: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SyntheticPoseDataset.ImageFormat format;

    @Override
    public Integer call() throws IOException {
        if (samples < BATCH_SIZE) {
            throw new IllegalArgumentException("--samples must be at least one batch (" + BATCH_SIZE + ")");
        }
        if (threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("okdhp-bench-data");
        try {
            SyntheticConfig synthetic = SyntheticConfig.of(samples, SEED).withImageSize(ImageSize.square(imageSize));
            long start = System.nanoTime();
            PoseSource files = SyntheticPoseDataset.generate(synthetic).writeTo(dir, format);
            out.printf(Locale.ROOT, "wrote %d synthetic %dx%d %s files in %.1f s%n", samples, imageSize, imageSize,
                    format, (System.nanoTime() - start) / NANOS_PER_SECOND);
            ImageSize input = ImageSize.square(size);
            ImageSize heatmaps = input.dividedBy(Stem.STRIDE);
            TopDownDataset dataset = TopDownDataset.builder().source(files)
                    .config(TopDownConfig.of(input, heatmaps, AugmentationConfig.mpii())).train(SEED).build();
            out.printf(Locale.ROOT, "input %s, heatmaps %s, batch %d, %d cores available%n", input, heatmaps, BATCH_SIZE,
                    Runtime.getRuntime().availableProcessors());
            try (NDManager manager = NDManager.newBaseManager()) {
                for (int t : threads) {
                    LoaderConfig config = LoaderConfig.training(BATCH_SIZE).withThreads(t);
                    try (PoseBatchLoader loader = new PoseBatchLoader(dataset, config)) {
                        drain(loader, 0, manager); // warm-up: JIT, file cache, native library
                        long begin = System.nanoTime();
                        int count = drain(loader, 1, manager);
                        double seconds = (System.nanoTime() - begin) / NANOS_PER_SECOND;
                        out.printf(Locale.ROOT, "threads %d: %.0f samples/s (%.1f ms per batch of %d)%n", t,
                                count / seconds, 1000 * seconds * BATCH_SIZE / count, BATCH_SIZE);
                        out.flush();
                    }
                }
            }
        } finally {
            deleteRecursively(dir);
        }
        return 0;
    }

    private static int drain(PoseBatchLoader loader, int epoch, NDManager manager) {
        int count = 0;
        for (PoseBatch batch : loader.epoch(epoch, manager)) {
            try (batch) {
                count += batch.size();
            }
        }
        return count;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
