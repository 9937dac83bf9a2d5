package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.transform.Normalization.ChannelOrder;
import org.okdhp.train.checkpoint.Checkpoint;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.checkpoint.ModelWeights;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.export.BranchScore;
import org.okdhp.train.export.ModelMetadata;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.optim.AdamState;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochRecord;

/** {@code okdhp export} on a run folder laid out as the training loop writes it. */
class ExportCommandTest {

    private static final int COMPLETED_EPOCHS = 3;
    private static final long STEPS = 300;
    private static final Shape INPUT = new Shape(2, 3, 64, 64);

    /** A tiny version of the demo preset: 1 shared stack, branches [1, 2], depth 3, BGR input. */
    private static final TrainingConfig CONFIG = ConfigLoader.load("demo", List.of("model.features=8",
            "model.shared_stacks=1", "model.branches=1,2", "model.hourglass_depth=3", "data.input_size=64x64",
            "data.heatmap_size=16x16", "data.color_order=bgr"));

    private static NDManager manager;
    private static OkdhpNetwork trained;

    @TempDir
    Path run;

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
        trained = OkdhpNetwork.of(CONFIG.model().architecture());
        trained.initialize(manager, DataType.FLOAT32, INPUT);
        trained.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(INPUT)), true);
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    /** Epoch 0: branch 1 leads; epoch 1: no validation; epoch 2: branch 0 leads; epoch 3 comes after the checkpoint. */
    private void writeRun(double[][] branchMetricsByEpoch) throws IOException {
        writeRun(branchMetricsByEpoch, RUN_ID);
    }

    private void writeRun(double[][] branchMetricsByEpoch, String checkpointRunId) throws IOException {
        CONFIG.writeYaml(run.resolve("config.yaml"));
        Files.writeString(run.resolve("run-id"), RUN_ID + "\n");
        Checkpoint checkpoint = new Checkpoint(COMPLETED_EPOCHS, STEPS, 2.5e-4, 0.5, CONFIG.toJson(),
                OptionalDouble.of(70), ModelWeights.capture(trained.okdhpParameters().asMap()), new AdamState(Map.of()),
                Optional.of(checkpointRunId));
        new CheckpointStore(run.resolve("checkpoints"), 0).save(checkpoint, true);
        EpochCsv csv = new EpochCsv(run.resolve("metrics.csv"), List.of("total"),
                List.of(BranchScore.metricName(0), BranchScore.metricName(1), "ensemble"));
        for (int epoch = 0; epoch < branchMetricsByEpoch.length; epoch++) {
            double[] m = branchMetricsByEpoch[epoch];
            csv.append(new EpochRecord(epoch, 2.5e-4, 0.5, Map.of("total", 0.01), 100, 0.1,
                    Map.of(BranchScore.metricName(0), m[0], BranchScore.metricName(1), m[1], "ensemble", m[2])));
        }
    }

    private static final String RUN_ID = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final double NONE = Double.NaN;
    private static final double[][] METRICS = {{50, 60, 62}, {NONE, NONE, NONE}, {70, 65, 72}, {10, 90, 91}};

    @Test
    void exportsTheBranchLeadingTheCheckpointsLastValidation() throws Exception {
        writeRun(METRICS);
        CommandRun result = CommandRun.of("export", "--run", run.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("exported branch 0"), result.out());

        Path folder = run.resolve("best-branch");
        ModelMetadata metadata = ModelMetadata.read(folder.resolve(PoseModel.METADATA_FILE));
        assertEquals(new ModelMetadata.Origin(0, 1, List.of(1, 2), STEPS), metadata.origin());
        assertEquals(Map.of(BranchScore.HEADLINE, 70.0), metadata.branchMetrics());
        assertEquals(ChannelOrder.BGR, metadata.normalization().channelOrder(), "colour order from the config");
        assertEquals(JointSet.MPII, metadata.codec().jointSet(), "synthetic data with 16 joints uses MPII's layout");
        assertEquals(new ModelMetadata.Size(64, 64), metadata.input());

        // The weights came through the checkpoint: the export reproduces branch 0 of the network.
        NDArray x = manager.randomNormal(INPUT);
        NDArray expected = trained.run(new ParameterStore(manager, false), x, false).branchFinal(0);
        try (PoseModel model = PoseModel.load(folder)) {
            NDList out = model.network().forward(new ParameterStore(manager, false), new NDList(x), false);
            assertArrayEquals(expected.toFloatArray(), out.get(out.size() - 1).toFloatArray());
        }
    }

    @Test
    void branchCheckpointAndOutputCanBeChosen() throws Exception {
        writeRun(METRICS);
        Path other = run.resolve("exports/branch-1");
        CommandRun result = CommandRun.of("export", "--run", run.toString(), "--branch", "1", "--checkpoint", "last",
                "--output", other.toString());
        assertEquals(0, result.exitCode(), result.err());
        ModelMetadata metadata = ModelMetadata.read(other.resolve(PoseModel.METADATA_FILE));
        assertEquals(1, metadata.origin().branch());
        assertEquals(3, metadata.network().stacks());
        assertEquals(Map.of(BranchScore.HEADLINE, 65.0), metadata.branchMetrics(), "branch 1's number in that validation");
        assertFalse(Files.exists(run.resolve("best-branch")));

        Path file = run.resolve("checkpoints").resolve(CheckpointStore.LAST);
        CommandRun byFile = CommandRun.of("export", "--run", run.toString(), "--checkpoint", file.toString());
        assertEquals(0, byFile.exitCode(), byFile.err());
        assertEquals(0, ModelMetadata.read(run.resolve("best-branch").resolve(PoseModel.METADATA_FILE)).origin().branch());
    }

    /** --format onnx writes only the ONNX model, which ONNX Runtime opens; an existing file is never replaced. */
    @Test
    void theOnnxFormatWritesOnlyTheOnnxModel() throws Exception {
        writeRun(METRICS);
        CommandRun result = CommandRun.of("export", "--run", run.toString(), "--format", "onnx");
        assertEquals(0, result.exitCode(), result.err());
        Path file = run.resolve("best-branch.onnx");
        assertTrue(Files.isRegularFile(file) && !Files.exists(run.resolve("best-branch")), result.out());
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession session = env.createSession(file.toString(),
                new ai.onnxruntime.OrtSession.SessionOptions())) {
            String metadata = session.getMetadata().getCustomMetadata().get("metadata.json");
            assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata).at("/origin/branch")
                    .asInt(-1), metadata);
            assertEquals(java.util.Set.of("heatmaps"), session.getOutputNames());
        }
        byte[] written = Files.readAllBytes(file);
        CommandRun again = CommandRun.of("export", "--run", run.toString(), "--format", "onnx");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, again.exitCode());
        assertTrue(again.err().contains(file.toString()) && again.err().contains("exists"), again.err());
        assertTrue(java.util.Arrays.equals(written, Files.readAllBytes(file)), "the first export is kept");
    }

    @Test
    void withoutAValidationTheBranchMustBeNamed() throws Exception {
        writeRun(new double[][] {{NONE, NONE, NONE}, {NONE, NONE, NONE}});
        CommandRun refused = CommandRun.of("export", "--run", run.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, refused.exitCode());
        assertTrue(refused.err().contains("metrics.csv") && refused.err().contains("--branch"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());

        Files.delete(run.resolve("metrics.csv"));
        CommandRun named = CommandRun.of("export", "--run", run.toString(), "--branch", "1");
        assertEquals(0, named.exitCode(), named.err());
        assertEquals(Map.of(), ModelMetadata.read(run.resolve("best-branch").resolve(PoseModel.METADATA_FILE)).branchMetrics());

        CommandRun outOfRange = CommandRun.of("export", "--run", run.toString(), "--branch", "2");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, outOfRange.exitCode());
        assertTrue(outOfRange.err().contains("--branch 2"), outOfRange.err());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() throws Exception {
        writeRun(METRICS, "11111111-2222-4333-8444-555555555555");
        CommandRun refused = CommandRun.of("export", "--run", run.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, refused.exitCode());
        assertTrue(refused.err().contains(CheckpointStore.BEST) && refused.err().contains("11111111-2222"), refused.err());
        assertFalse(Files.exists(run.resolve("best-branch")));
    }

    @Test
    void aFolderOfTheUsersIsNeverReplaced() throws Exception {
        writeRun(METRICS);
        Path thesis = Files.createDirectories(run.resolve("thesis"));
        Files.writeString(thesis.resolve("thesis.txt"), "chapter 1");
        CommandRun refused = CommandRun.of("export", "--run", run.toString(), "--output", thesis.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, refused.exitCode());
        assertTrue(refused.err().contains("thesis.txt"), refused.err());
        assertEquals("chapter 1", Files.readString(thesis.resolve("thesis.txt")));
    }

    @Test
    void aMissingCheckpointIsNamed() {
        CommandRun result = CommandRun.of("export", "--run", run.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, result.exitCode());
        assertTrue(result.err().contains(CheckpointStore.BEST), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }
}
