package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.engine.EngineSelfCheck;
import org.okdhp.core.engine.TrainingOperations;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.device.DeviceSet;
import org.okdhp.train.device.EngineFaultException;
import org.okdhp.train.device.EngineVerification;

/** A run on an engine that computes an operation wrongly stops before its first step, unless allowed. */
class EngineFaultTest {

    @TempDir
    Path dir;

    /** The library's operations, but 3x3 convolutions to 8 channels come out 1% too large. */
    private static EngineVerification wrongConvolution() {
        TrainingOperations library = TrainingOperations.library();
        TrainingOperations.Convolution wrong = (x, w, b, stride, padding, groups) -> {
            boolean affected = w.getShape().get(0) == 8 && w.getShape().get(2) == 3;
            return library.convolution().apply(x, affected ? w.mul(1.01f) : w, b, stride, padding, groups);
        };
        return EngineVerification.of(EngineSelfCheck.of(
                new TrainingOperations(wrong, library.batchNorm(), library.loss())));
    }

    @Test
    void aWrongOperationStopsTheRunBeforeAnythingIsWritten() {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("run"));
        EngineFaultException fault = assertThrows(EngineFaultException.class, () -> TrainingRun.start(
                TinyRuns.config(1), data, folder, new DeviceSet(List.of(Device.cpu())), TinyRuns.QUIET,
                UnaryOperator.identity(), wrongConvolution()));
        String message = fault.getMessage();
        for (String expected : List.of("convolution output", "k3 8->8", "relative error", "on cpu()",
                "libtorch " + Engine.getInstance().getVersion(), "oneDNN", "CPU ", "stopped before its first step",
                "run.allow_engine_faults=true")) {
            assertTrue(message.contains(expected), "'" + expected + "' missing from: " + message);
        }
        assertFalse(Files.exists(folder.root()), "nothing is written for a run that cannot start");
    }

    @Test
    void allowingEngineFaultsStartsTheRunAnyway() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        RunFolder folder = new RunFolder(dir.resolve("run"));
        try (TrainingRun run = TrainingRun.start(TinyRuns.config(1, "run.allow_engine_faults=true"), data, folder,
                new DeviceSet(List.of(Device.cpu())), TinyRuns.QUIET, UnaryOperator.identity(), wrongConvolution())) {
            assertTrue(Files.exists(folder.config()));
        }
    }
}
