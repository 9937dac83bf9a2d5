package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingDataFactory;
import org.okdhp.train.loop.RunFolder;
import org.okdhp.train.loop.TrainingOutcome;
import org.okdhp.train.loop.TrainingRun;

class EvaluateModelCommandTest {

    private static final List<String> TINY = List.of(
            "model.features=8", "model.shared_stacks=1", "model.branches=1,1",
            "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=1",
            "data.synthetic_train_size=8", "data.synthetic_val_size=8",
            "optim.epochs=1", "optim.batch_size=4", "run.seed=5");

    @TempDir
    Path dir;

    @Test
    void anExportedModelScoresAsItsBranchDidInTraining() throws Exception {
        TrainingConfig config = ConfigLoader.load("demo", TINY);
        double expected;
        Path exported;
        try (TrainingRun run = TrainingRun.start(config, TrainingDataFactory.open(config.data(), config.run().seed()),
                new RunFolder(dir.resolve("run")), Device.cpu(), new PrintStream(OutputStream.nullOutputStream()))) {
            TrainingOutcome outcome = run.train();
            expected = outcome.validation().branchMetric(outcome.validation().bestBranch());
            exported = run.exportBestBranch(outcome.validation());
        }
        Path json = dir.resolve("scores.json");
        CommandRun result = CommandRun.of("evaluate", "--model", exported.toString(), "--dataset", "synthetic",
                "--set", "data.synthetic_val_size=8", "--set", "run.seed=5", "--json", json.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("PCKh@0.5 Mean"), result.out());
        Map<?, ?> scores = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertEquals(expected, ((Number) scores.get("PCKh@0.5 Mean")).doubleValue(), 1e-9);
    }

    @Test
    void aModelWithoutADatasetIsOneClearError() {
        CommandRun result = CommandRun.of("evaluate", "--model", dir.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, result.exitCode());
        assertTrue(result.err().contains("--dataset"), result.err());
    }
}
