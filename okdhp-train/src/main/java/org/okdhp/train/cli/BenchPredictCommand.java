package org.okdhp.train.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.okdhp.data.image.ImageDecoder;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.data.transform.CropBox;
import org.okdhp.train.export.ModelMetadata;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.predict.InferenceEngine;
import org.okdhp.train.predict.PersonRegion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code okdhp bench predict}: inference throughput of an exported model, per batch size: the
 * network alone on normalised crops, and the whole predict path (decode the image file, crop,
 * network, decode the heatmaps, no flip test), as images per second and the latency of one call
 * (median and 90th percentile). {@code benchmarks/pytorch_predict.py} times the same network in
 * eager PyTorch with the same options.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {"Inference throughput of an exported model at each batch size: the network alone and the whole",
            "predict path (decode image, crop, network, decode heatmaps); images/s and per-call latency (median, p90)."})
final class BenchPredictCommand implements Callable<Integer> {

    private static final double NANOS_PER_MILLI = 1e6;
    private static final double MILLIS_PER_SECOND = 1e3;
    private static final int MEDIAN = 50;
    private static final int P90 = 90;
    /** The synthetic image the predict path decodes when no --image is given. */
    private static final ImageSize IMAGE = new ImageSize(480, 640);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "exported model folder")
    Path model;

    @Option(names = "--batch", defaultValue = "1,8", split = ",", paramLabel = "N[,N...]",
            description = "batch sizes (default ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--threads", description = "intra-op threads of the engine (default: one per core)")
    Integer threads;

    @Option(names = "--engine", defaultValue = "djl", converter = EngineConverter.class, paramLabel = "djl|onnx",
            description = "DJL on model.params or ONNX Runtime on model.onnx (default ${DEFAULT-VALUE})")
    InferenceEngine engine;

    @Option(names = "--steps", defaultValue = "30", description = "timed calls per batch size and path (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed calls first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--image", paramLabel = "IMG", description = "image the predict path decodes (default: a synthetic 640x480 JPEG)")
    Path image;

    @Option(names = "--network-only",
            description = "time the network alone, not the predict path (as benchmarks/pytorch_predict.py, to take turns with it)")
    boolean networkOnly;

    @Option(names = "--json", paramLabel = "OUT.json", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--turns", split = ",", paramLabel = "WAIT,HAND_ON",
            description = "take turns with another benchmark process: wait for a byte on the named pipe WAIT before every"
                    + " call, write one to HAND_ON after it")
    List<Path> turns;

    /** One batch size's figures; the predict path's are null with --network-only. */
    record Figures(double networkImagesPerSecond, double latencyMsMedian, double latencyMsP90,
            Double pipelineImagesPerSecond, Double pipelineLatencyMsMedian, Double pipelineLatencyMsP90,
            List<Double> networkMilliseconds) {}

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--steps and every --batch must be >= 1 and --warmup >= 0");
        }
        if (threads != null) {
            // Read by the PyTorch engine when it starts, i.e. at the first array below.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        PrintWriter out = spec.commandLine().getOut();
        Path decoded = image != null ? image : syntheticImage();
        Map<String, Figures> figures = new LinkedHashMap<>();
        try (PoseModel pose = PoseModel.load(model, engine, threads == null ? 0 : threads);
                NDManager manager = NDManager.newBaseManager();
                StepTurns turn = turns == null ? null : StepTurns.open(turns)) {
            ModelMetadata.Size input = pose.metadata().input();
            for (int batch : batches) {
                float[] crops = randomCrops(batch, input);
                Shape shape = new Shape(batch, 3, input.height(), input.width());
                DescriptiveStatistics network = time(turn, () -> {
                    try (NDManager call = manager.newSubManager()) {
                        pose.heatmaps(call.create(crops, shape)).toFloatArray();
                    }
                });
                DescriptiveStatistics pipeline = null;
                if (!networkOnly) {
                    RgbImage first = ImageDecoder.read(decoded);
                    List<CropBox> boxes = Collections.nCopies(batch, pose.metadata().codec().cropBox(
                            PersonRegion.wholeImage(first.width(), first.height())));
                    pipeline = time(turn, () -> pose.predict(read(decoded), boxes, false));
                }
                Figures f = figures(batch, network, pipeline);
                figures.put(Integer.toString(batch), f);
                out.printf(Locale.ROOT, "batch %d, %s: network %.1f images/s (latency median %.1f ms, p90 %.1f ms)%s%n",
                        batch, engine, f.networkImagesPerSecond(), f.latencyMsMedian(), f.latencyMsP90(),
                        networkOnly ? "" : String.format(Locale.ROOT, "; predict path %.1f images/s (median %.1f ms,"
                                + " p90 %.1f ms)", f.pipelineImagesPerSecond(), f.pipelineLatencyMsMedian(),
                                f.pipelineLatencyMsP90()));
            }
        } finally {
            if (image == null) {
                deleteSynthetic(decoded);
            }
        }
        if (json != null) {
            writeJson(figures);
        }
        out.flush();
        return 0;
    }

    /** Times {@code call}: warm-up calls first, then {@link #steps} timed ones, in ms; taking turns if asked. */
    private DescriptiveStatistics time(StepTurns turn, Runnable call) {
        DescriptiveStatistics millis = new DescriptiveStatistics();
        for (int i = -warmup; i < steps; i++) {
            if (turn != null) {
                turn.await();
            }
            long start = System.nanoTime();
            call.run();
            long elapsed = System.nanoTime() - start;
            if (turn != null) {
                turn.handOn();
            }
            if (i >= 0) {
                millis.addValue(elapsed / NANOS_PER_MILLI);
            }
        }
        return millis;
    }

    private static Figures figures(int batch, DescriptiveStatistics network, DescriptiveStatistics pipeline) {
        double networkMedian = network.getPercentile(MEDIAN);
        List<Double> calls = Arrays.stream(network.getValues()).boxed().toList();
        if (pipeline == null) {
            return new Figures(batch * MILLIS_PER_SECOND / networkMedian, networkMedian, network.getPercentile(P90),
                    null, null, null, calls);
        }
        double pipelineMedian = pipeline.getPercentile(MEDIAN);
        return new Figures(batch * MILLIS_PER_SECOND / networkMedian, networkMedian, network.getPercentile(P90),
                batch * MILLIS_PER_SECOND / pipelineMedian, pipelineMedian, pipeline.getPercentile(P90), calls);
    }

    /** The figures by batch size, with one batch size also at the top level; plus what was measured. */
    private void writeJson(Map<String, Figures> figures) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("model", model.toString());
        document.put("engine", engine.toString());
        document.put("threads", threads);
        if (figures.size() == 1) {
            document.putAll(mapper.convertValue(figures.values().iterator().next(), Map.class));
        }
        document.put("batches", figures);
        mapper.writeValue(json.toFile(), document);
    }

    private static float[] randomCrops(int batch, ModelMetadata.Size input) {
        Random random = new Random(batch);
        float[] values = new float[batch * 3 * input.height() * input.width()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static RgbImage read(Path file) {
        try {
            return ImageDecoder.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A synthetic figure written as a JPEG file in a fresh temporary folder. */
    private static Path syntheticImage() throws IOException {
        Path folder = Files.createTempDirectory("okdhp-bench-predict");
        SyntheticPoseDataset.generate(SyntheticConfig.of(1, 1).withImageSize(IMAGE))
                .writeTo(folder, SyntheticPoseDataset.ImageFormat.JPEG);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).findFirst()
                    .orElseThrow(() -> new IOException(folder + ": the synthetic image was not written"));
        }
    }

    private static void deleteSynthetic(Path imageFile) throws IOException {
        Path folder = imageFile.getParent();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (Path file : all) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }
}
