package org.okdhp.train.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: current
 * ({@code VmRSS}) and peak ({@code VmHWM}). Native (libtorch) allocations count, which the JVM's
 * own heap figures miss. Empty where {@code /proc} is not available.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long BYTES_PER_KIB = 1024;

    private ResidentMemory() {}

    public static OptionalLong currentBytes() {
        return field("VmRSS:");
    }

    public static OptionalLong peakBytes() {
        return field("VmHWM:");
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * BYTES_PER_KIB);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
