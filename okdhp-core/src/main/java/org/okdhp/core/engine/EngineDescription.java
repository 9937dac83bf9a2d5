package org.okdhp.core.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What computes okdhp's numbers on this machine: DJL and libtorch versions, the oneDNN that
 * libtorch bundles, libtorch's optional features, the CPU and its vector instruction sets, thread
 * counts and CUDA devices. For {@code okdhp doctor} and for the engine self-check's failure message.
 *
 * @param djl DJL's version
 * @param libtorch libtorch's version, e.g. 2.7.1
 * @param libtorchPath the folder the native libraries were loaded from
 * @param oneDnn the oneDNN version that libtorch release bundles, or "unknown"
 * @param features libtorch's build features as DJL reports them (MKL, MKLDNN = oneDNN, OPENMP, CUDA ...)
 * @param cpu the CPU model and its family/model numbers, or what is known
 * @param vectorIsa the CPU's vector instruction sets relevant to oneDNN's kernels
 * @param intraOpThreads libtorch's intra-op threads
 * @param interOpThreads libtorch's inter-op threads
 * @param processors processors the JVM sees
 * @param gpus CUDA devices the engine sees
 */
public record EngineDescription(
        String djl, String libtorch, String libtorchPath, String oneDnn, Set<String> features, String cpu,
        List<String> vectorIsa, int intraOpThreads, int interOpThreads, int processors, int gpus) {

    /**
     * The oneDNN each libtorch release bundles (checked with ONEDNN_VERBOSE=1). libtorch does not
     * export oneDNN's version call, and ONEDNN_VERBOSE=1 prints it at the first primitive.
     */
    private static final Map<String, String> ONEDNN_OF_LIBTORCH = Map.of("2.7.1", "3.7.1");
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final List<String> ISA_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16");

    /** This process's engine and this machine's CPU. */
    public static EngineDescription ofThisMachine() {
        Engine engine = Engine.getInstance();
        String libtorch = engine.getVersion();
        List<String> cpuInfo = cpuInfo();
        return new EngineDescription(Engine.getDjlVersion(), libtorch, LibUtils.getLibtorchPath(),
                ONEDNN_OF_LIBTORCH.getOrDefault(libtorch, "unknown (ONEDNN_VERBOSE=1 prints it)"),
                new TreeSet<>(JniUtils.getFeatures()), cpu(cpuInfo), isa(cpuInfo), JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(), Runtime.getRuntime().availableProcessors(), engine.getGpuCount());
    }

    /** One line: "libtorch 2.7.1, oneDNN 3.7.1, CPU AMD EPYC (family 25 model 17), avx2 avx512f ...". */
    public String summary() {
        return "libtorch " + libtorch + ", oneDNN " + oneDnn + ", CPU " + cpu + ", " + String.join(" ", vectorIsa);
    }

    private static List<String> cpuInfo() {
        try {
            return Files.exists(CPU_INFO) ? Files.readAllLines(CPU_INFO) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String cpu(List<String> cpuInfo) {
        String model = field(cpuInfo, "model name");
        String family = field(cpuInfo, "cpu family");
        String number = field(cpuInfo, "model");
        if (model == null) {
            return System.getProperty("os.arch") + " (model unknown)";
        }
        return model + (family == null ? "" : " (family " + family + " model " + number + ")");
    }

    private static List<String> isa(List<String> cpuInfo) {
        String flags = field(cpuInfo, "flags");
        if (flags == null) {
            return List.of();
        }
        Set<String> present = Set.of(flags.split("\\s+"));
        return ISA_FLAGS.stream().filter(present::contains).toList();
    }

    /** The first "key : value" line's value for exactly this key. */
    private static String field(List<String> cpuInfo, String key) {
        for (String line : cpuInfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
