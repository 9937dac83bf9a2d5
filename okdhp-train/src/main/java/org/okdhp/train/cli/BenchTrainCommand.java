package org.okdhp.train.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.ActivationLayout;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.config.DeviceKind;
import org.okdhp.data.image.ImageSize;
import org.okdhp.train.device.CudnnBenchmark;
import org.okdhp.train.device.DeviceSet;
import org.okdhp.train.device.EngineVerification;
import org.okdhp.train.loop.StepPhases;
import org.okdhp.train.loop.TrainingStep;
import org.okdhp.train.optim.AdamHyperparameters;
import org.okdhp.train.optim.AdamOptimizer;
import org.okdhp.train.report.ResidentMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code okdhp bench train}: seconds per full training step (forward in training mode, total OKDHP
 * loss, backward, Adam) on random data after a warm-up, images per second, peak resident memory and
 * the resident-memory curve over the timed steps (flat when nothing grows per step).
 *
 * <p>{@code benchmarks/pytorch_train_step.py} is the eager-PyTorch reference with the same options.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Training-step throughput on random data: median s/step, images/s, peak memory.")
final class BenchTrainCommand implements Callable<Integer> {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;
    /** An epoch at which the distillation ramp is fully on, so every loss term is computed at full weight. */
    private static final int RAMPED_EPOCH = 1000;
    /** The phases of a step timed apart, as {@link StepPhases} splits them; also the JSON key prefixes. */
    private static final List<String> PHASES = List.of("forward", "backward", "update");

    /** Points of the resident-memory curve recorded over the timed steps (plus the last step). */
    private static final int MEMORY_SAMPLES = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    ArchitectureOptions network;

    @Option(names = "--batch", defaultValue = "4", description = "images per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--size", defaultValue = "256", description = "input side, or HxW (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--steps", defaultValue = "20", description = "timed steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: one per core)")
    Integer threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--layout", defaultValue = "auto", converter = LayoutConverter.class,
            description = "activation layout: auto (channels_first in training), channels_first or channels_last (default ${DEFAULT-VALUE})")
    ActivationLayout layout;

    @Option(names = "--allow-engine-faults",
            description = "time the step even when the engine self-check finds wrong numbers on this machine")
    boolean allowEngineFaults;

    @Option(names = "--json", paramLabel = "OUT.json", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--turns", split = ",", paramLabel = "WAIT,HAND_ON",
            description = "take turns with another benchmark process: wait for a byte on the named pipe WAIT"
                    + " before every step, write one to HAND_ON after it (benchmarks/side_by_side.sh)")
    List<Path> turns;

    @Option(names = "--trace", paramLabel = "TRACE.json",
            description = "record libtorch's operator profile of the timed steps (Chrome trace format; the"
                    + " profiler slows every operator, so time a run without it)")
    Path trace;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0 || batch < 1) {
            throw new IllegalArgumentException("--steps and --batch must be >= 1 and --warmup >= 0");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (threads != null) {
            // Read by the PyTorch engine when it starts, i.e. at the first array below.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        ImageSize input = size.contains("x") ? ImageSize.parse(size) : ImageSize.square(Integer.parseInt(size));
        OkdhpArchitecture architecture = network.architecture();
        architecture.requireInputSize(input.height(), input.width());
        DeviceKind kind = DeviceSet.parseKind(device);
        CudnnBenchmark.configure(kind); // before the engine starts, at the first array below
        DeviceSet devices = DeviceSet.resolve(kind, List.of());
        EngineVerification.standard().before("bench train", devices, allowEngineFaults);
        Device target = devices.master();
        PrintWriter out = spec.commandLine().getOut();
        double[] seconds = new double[steps];
        double[][] phases = new double[PHASES.size()][steps];
        List<long[]> memoryCurve = new ArrayList<>();
        int memoryInterval = Math.max(1, steps / MEMORY_SAMPLES);
        try (StepTurns turn = turns == null ? null : StepTurns.open(turns);
                NDManager manager = NDManager.newBaseManager(target);
                AdamOptimizer adam = new AdamOptimizer(AdamHyperparameters.defaults(), manager)) {
            Engine.getInstance().setRandomSeed(1);
            OkdhpNetwork net = OkdhpNetwork.of(architecture, layout);
            Shape images = new Shape(batch, 3, input.height(), input.width());
            net.initialize(manager, DataType.FLOAT32, images);
            TrainingStep step = new TrainingStep(net, OkdhpLoss.standard(), adam, Optional.empty());
            Shape heatmaps = new Shape(batch, architecture.joints(), input.height() / architecture.heatmapStride(),
                    input.width() / architecture.heatmapStride());
            for (int i = -warmup; i < steps; i++) {
                if (turn != null) {
                    turn.await();
                }
                try (NDManager scope = manager.newSubManager()) {
                    var x = scope.randomNormal(images);
                    var targets = scope.randomUniform(0, 1, heatmaps);
                    var weight = scope.ones(new Shape(batch, architecture.joints()));
                    if (i == 0 && trace != null) {
                        JniUtils.startProfile(false, true, false);
                    }
                    long start = System.nanoTime();
                    step.run(x, targets, weight, RAMPED_EPOCH, i, scope);
                    if (i == steps - 1 && trace != null) {
                        JniUtils.stopProfile(trace.toString());
                    }
                    if (i >= 0) {
                        seconds[i] = (System.nanoTime() - start) / NANOS_PER_SECOND;
                        StepPhases spent = step.lastPhases();
                        phases[0][i] = spent.forwardNanos() / NANOS_PER_SECOND;
                        phases[1][i] = spent.backwardNanos() / NANOS_PER_SECOND;
                        phases[2][i] = spent.updateNanos() / NANOS_PER_SECOND;
                    }
                }
                if (turn != null) {
                    turn.handOn();
                }
                if (i >= 0 && (i % memoryInterval == 0 || i == steps - 1)) {
                    long resident = ResidentMemory.currentBytes().orElse(-1);
                    memoryCurve.add(new long[] {i + 1, resident});
                    out.printf(Locale.ROOT, "step %d: %.4f s, resident memory %.1f MiB%n", i + 1, seconds[i],
                            resident / BYTES_PER_MIB);
                    out.flush();
                }
            }
        }
        double median = median(seconds);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seconds_per_step", median);
        figures.put("images_per_second", batch / median);
        figures.put("peak_memory_bytes", ResidentMemory.peakBytes().orElse(-1));
        for (int p = 0; p < PHASES.size(); p++) {
            figures.put(PHASES.get(p) + "_seconds", median(phases[p]));
        }
        figures.put("step_seconds", seconds);
        figures.put("rss_after_first_step_bytes", memoryCurve.get(0)[1]);
        figures.put("rss_after_last_step_bytes", memoryCurve.get(memoryCurve.size() - 1)[1]);
        figures.put("rss_curve_step_bytes", memoryCurve);
        figures.put("steps", steps);
        figures.put("batch", batch);
        ActivationLayout trainedAs = layout.on(target, true);
        figures.put("layout", trainedAs.toString());
        figures.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        String shape = architecture.backbone().isStudent()
                ? String.format(Locale.ROOT, "%s student J=%d heads=%d", architecture.backbone(), architecture.joints(),
                        architecture.branchCount())
                : String.format(Locale.ROOT, "F=%d J=%d S=%d branches=%s", architecture.features(),
                        architecture.joints(), architecture.sharedStacks(), architecture.branches());
        out.printf(Locale.ROOT, "OKDHP %s, batch %d, %dx%d, %d steps after %d warm-up, %s, %s%n",
                shape, batch, input.height(), input.width(), steps, warmup, target, trainedAs);
        out.printf(Locale.ROOT, "median %.4f s/step, %.2f images/s, peak resident memory %.1f MiB%n",
                median, batch / median, ResidentMemory.peakBytes().orElse(-1) / BYTES_PER_MIB);
        out.printf(Locale.ROOT, "median phases: forward + loss %.4f s, backward %.4f s, update %.4f s%n",
                median(phases[0]), median(phases[1]), median(phases[2]));
        out.flush();
        if (json != null) {
            JsonOutput.write(json, figures);
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static final class LayoutConverter implements ITypeConverter<ActivationLayout> {
        @Override
        public ActivationLayout convert(String value) {
            return ActivationLayout.parse(value);
        }
    }
}
