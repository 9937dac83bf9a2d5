package org.okdhp.train.device;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.okdhp.train.config.DeviceKind;

/**
 * The devices one run trains on, the first being the master: it holds the weights the optimizer
 * updates and receives the averaged gradients (see {@link GradientAverager}).
 *
 * @param devices at least one device, master first
 */
public record DeviceSet(List<Device> devices) {

    public DeviceSet {
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a device set needs at least one device");
        }
    }

    /**
     * Resolves {@code --device cpu|gpu} and {@code --devices 0,1} against the GPUs CUDA reports.
     * Counting GPUs goes through CUDA directly and does not start the engine, so
     * {@link CudnnBenchmark#configure} can still take effect afterwards.
     */
    public static DeviceSet resolve(DeviceKind kind, List<Integer> gpuIds) {
        return resolve(kind, gpuIds, kind == DeviceKind.GPU ? CudaUtils.getGpuCount() : 0);
    }

    /** As {@link #resolve(DeviceKind, List)}, with the number of visible GPUs given. */
    public static DeviceSet resolve(DeviceKind kind, List<Integer> gpuIds, int visibleGpus) {
        if (kind == DeviceKind.CPU) {
            if (!gpuIds.isEmpty()) {
                throw new IllegalArgumentException("device ids " + gpuIds + " apply to gpu only; the device is cpu");
            }
            return new DeviceSet(List.of(Device.cpu()));
        }
        if (visibleGpus == 0) {
            throw new IllegalArgumentException("device gpu was requested but CUDA reports no GPU"
                    + " (no driver, or a CPU-only libtorch); use --device cpu or fix the CUDA set-up");
        }
        List<Device> devices = new ArrayList<>();
        if (gpuIds.isEmpty()) {
            for (int id = 0; id < visibleGpus; id++) {
                devices.add(Device.gpu(id));
            }
        }
        for (int id : gpuIds) {
            if (id < 0 || id >= visibleGpus) {
                throw new IllegalArgumentException("GPU " + id + " was requested but only " + visibleGpus
                        + " are visible (ids 0.." + (visibleGpus - 1) + ")");
            }
            if (devices.contains(Device.gpu(id))) {
                throw new IllegalArgumentException("GPU " + id + " is listed twice in " + gpuIds);
            }
            devices.add(Device.gpu(id));
        }
        return new DeviceSet(devices);
    }

    /** Parses the device kind of a command line, case-insensitively: {@code cpu} or {@code gpu}. */
    public static DeviceKind parseKind(String text) {
        try {
            return DeviceKind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be cpu or gpu, got \"" + text + "\"", e);
        }
    }

    /** Parses a comma-separated list of GPU ordinals such as {@code 0,1}; blank means none given. */
    public static List<Integer> parseIds(String text) {
        List<Integer> ids = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ids;
        }
        for (String part : text.split(",")) {
            try {
                ids.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device ids must be whole numbers like 0,1; got \"" + text + "\"", e);
            }
        }
        return ids;
    }

    public Device master() {
        return devices.get(0);
    }

    public int size() {
        return devices.size();
    }
}
