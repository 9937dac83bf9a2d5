package org.okdhp.train.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.okdhp.core.engine.CheckResult;
import org.okdhp.core.engine.EngineDescription;
import org.okdhp.core.engine.EngineSelfCheck;
import org.okdhp.core.model.PaddedConv2d;
import org.okdhp.train.OkdhpVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code okdhp doctor}: what computes okdhp's numbers on this machine (versions, CPU, threads,
 * GPUs) and the engine self-check on every device, the one training runs before its first step.
 * Exit 0 when every check passes.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Print the engine (okdhp, Java, DJL, libtorch, oneDNN/MKL, CPU and its vector ISA, threads, CUDA devices)",
            "and run the engine self-check that training runs first: float32 against float64 for convolutions and",
            "their gradients, training-mode batch norm and the loss. Exit 0 when every check passes, "
                    + UserErrorHandler.EXIT_ENGINE_FAULT + " otherwise."
        })
final class DoctorCommand implements Callable<Integer> {

    private static final double NANOS_PER_SECOND = 1e9;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "list every comparison, not only failures and the largest error")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EngineDescription engine = EngineDescription.ofThisMachine();
        Runtime runtime = Runtime.getRuntime();
        out.printf("okdhp     %s%n", OkdhpVersion.current());
        out.printf("java      %s (%s), max heap %d MiB%n", System.getProperty("java.version"),
                System.getProperty("java.vendor"), runtime.maxMemory() >> 20);
        out.printf("DJL       %s, engine %s %s%n", engine.djl(), Engine.getInstance().getEngineName(), engine.libtorch());
        out.printf("libtorch  %s, loaded from %s%n", engine.libtorch(), engine.libtorchPath());
        out.printf("oneDNN    %s; libtorch features: %s%n", engine.oneDnn(), String.join(", ", engine.features()));
        out.printf("CPU       %s%n", engine.cpu());
        out.printf("ISA       %s%n", engine.vectorIsa().isEmpty() ? "unknown" : String.join(" ", engine.vectorIsa()));
        out.printf("threads   %d intra-op, %d inter-op; %d processors%n", engine.intraOpThreads(),
                engine.interOpThreads(), engine.processors());
        out.printf("CUDA      %s%n", engine.gpus() == 0 ? "no device" : engine.gpus() + " device(s)");
        boolean passed = true;
        for (Device device : devices(engine.gpus())) {
            passed &= report(out, device);
        }
        out.println(passed ? "all engine checks pass" : "ENGINE FAULT: training on this machine would use wrong numbers");
        out.flush();
        return passed ? 0 : UserErrorHandler.EXIT_ENGINE_FAULT;
    }

    private static List<Device> devices(int gpus) {
        List<Device> devices = new ArrayList<>(List.of(Device.cpu()));
        for (int i = 0; i < gpus; i++) {
            devices.add(Device.gpu(i));
        }
        return devices;
    }

    /** The self-check on one device, and what the raw engine would do there; true when the check passes. */
    private boolean report(PrintWriter out, Device device) {
        long start = System.nanoTime();
        List<CheckResult> results = EngineSelfCheck.library().run(device);
        double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
        List<CheckResult> failures = results.stream().filter(r -> !r.passed()).toList();
        CheckResult worst = results.stream().filter(CheckResult::passed)
                .max(Comparator.comparingDouble(CheckResult::relativeError)).orElse(null);
        out.printf(Locale.ROOT, "self-check on %s: %d of %d comparisons within %.0e of float64 in %.2f s%s%n", device,
                results.size() - failures.size(), results.size(), EngineSelfCheck.TOLERANCE, seconds,
                worst == null ? "" : "; largest error: " + worst.describe());
        for (CheckResult r : all ? results : failures) {
            out.printf("  %s %s%n", r.passed() ? "ok  " : "FAIL", r.describe());
        }
        List<CheckResult> raw = EngineSelfCheck.rawConvolutions(device).stream().filter(r -> !r.passed()).toList();
        out.printf("raw engine convolution (without okdhp's padding to %d output channels): %s%n",
                PaddedConv2d.CHANNEL_BLOCK, raw.isEmpty() ? "right on every case"
                        : raw.size() + " comparisons wrong, e.g. " + raw.get(0).describe()
                                + " (the defect okdhp works around)");
        return failures.isEmpty();
    }
}
