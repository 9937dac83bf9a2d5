package org.okdhp.train.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.train.config.DeviceKind;

class DeviceSetTest {

    @Test
    void resolvesCpuAllGpusAndChosenGpus() {
        assertEquals(List.of(Device.cpu()), DeviceSet.resolve(DeviceKind.CPU, List.of(), 2).devices());
        assertEquals(List.of(Device.gpu(0), Device.gpu(1)), DeviceSet.resolve(DeviceKind.GPU, List.of(), 2).devices());
        DeviceSet chosen = DeviceSet.resolve(DeviceKind.GPU, List.of(1, 0), 2);
        assertEquals(List.of(Device.gpu(1), Device.gpu(0)), chosen.devices());
        assertEquals(Device.gpu(1), chosen.master());
    }

    @Test
    void refusesImpossibleRequestsWithReasons() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> DeviceSet.resolve(DeviceKind.GPU, List.of(), 0));
        assertTrue(none.getMessage().contains("no GPU"), none.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> DeviceSet.resolve(DeviceKind.GPU, List.of(3), 2));
        assertTrue(absent.getMessage().contains("GPU 3"), absent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceSet.resolve(DeviceKind.GPU, List.of(1, 1), 2));
        assertThrows(IllegalArgumentException.class, () -> DeviceSet.resolve(DeviceKind.CPU, List.of(0), 2));
    }

    @Test
    void parsesCommandLineText() {
        assertEquals(DeviceKind.GPU, DeviceSet.parseKind(" GPU"));
        assertEquals(DeviceKind.CPU, DeviceSet.parseKind("cpu"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSet.parseKind("tpu"));
        assertEquals(List.of(0, 1), DeviceSet.parseIds("0, 1"));
        assertEquals(List.of(), DeviceSet.parseIds(""));
        assertThrows(IllegalArgumentException.class, () -> DeviceSet.parseIds("0,x"));
    }

    @Test
    void cudnnBenchmarkIsSetForGpuOnlyAndAnExplicitChoiceWins() {
        String saved = System.getProperty(CudnnBenchmark.PROPERTY);
        try {
            System.clearProperty(CudnnBenchmark.PROPERTY);
            assertFalse(CudnnBenchmark.configure(DeviceKind.CPU));
            assertEquals(null, System.getProperty(CudnnBenchmark.PROPERTY));
            assertTrue(CudnnBenchmark.configure(DeviceKind.GPU));
            assertEquals("true", System.getProperty(CudnnBenchmark.PROPERTY));
            System.setProperty(CudnnBenchmark.PROPERTY, "false");
            assertFalse(CudnnBenchmark.configure(DeviceKind.GPU));
        } finally {
            if (saved == null) {
                System.clearProperty(CudnnBenchmark.PROPERTY);
            } else {
                System.setProperty(CudnnBenchmark.PROPERTY, saved);
            }
        }
    }
}
