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
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.Normalization;
import org.okdhp.train.data.DataFolders;
import org.okdhp.train.data.TrainingDataFactory;
import org.okdhp.train.export.BestBranchExporter;
import org.okdhp.train.export.ExportInfo;
import org.okdhp.train.export.TinyModels;
import org.okdhp.train.predict.PoseCodec;
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

    /** A light student at the same small scale: MobileNetV2 and two heads. */
    private static final List<String> TINY_STUDENT = List.of(
            "model.branches=1,1", "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=1",
            "data.synthetic_train_size=8", "data.synthetic_val_size=8",
            "optim.epochs=1", "optim.batch_size=4", "run.seed=5");

    @Test
    void anExportedModelScoresAsItsBranchDidInTraining() throws Exception {
        Path exported = trainedAndEvaluatedAlike("demo", TINY);
        Map<?, ?> scores = new ObjectMapper().readValue(scoresFile("demo").toFile(), Map.class);

        Path onnxJson = dir.resolve("onnx-scores.json");
        CommandRun onnx = CommandRun.of("evaluate", "--model", exported.toString(), "--dataset", "synthetic",
                "--set", "data.synthetic_val_size=8", "--set", "run.seed=5", "--engine", "onnx", "--json",
                onnxJson.toString());
        assertEquals(0, onnx.exitCode(), onnx.err());
        assertTrue(onnx.out().contains("onnx engine"), onnx.out());
        assertEquals(scores, new ObjectMapper().readValue(onnxJson.toFile(), Map.class), "model.onnx scores the same");
    }

    /** A student's input sizes follow its backbone (multiples of 32), not the hourglass preset evaluate starts from. */
    @Test
    void anExportedStudentScoresAsItsBranchDidInTraining() throws Exception {
        trainedAndEvaluatedAlike("demo-mbv2", TINY_STUDENT);
    }

    private Path scoresFile(String preset) {
        return dir.resolve(preset + "-scores.json");
    }

    /** Trains a tiny run of {@code preset}, exports its best branch and checks evaluate's score; returns the export. */
    private Path trainedAndEvaluatedAlike(String preset, List<String> overrides) throws Exception {
        TrainingConfig config = ConfigLoader.load(preset, overrides);
        double expected;
        Path exported;
        try (TrainingRun run = TrainingRun.start(config, TrainingDataFactory.open(config.data(), config.run().seed()),
                new RunFolder(dir.resolve("run")), Device.cpu(), new PrintStream(OutputStream.nullOutputStream()))) {
            TrainingOutcome outcome = run.train();
            expected = outcome.validation().branchMetric(outcome.validation().bestBranch());
            exported = run.exportBestBranch(outcome.validation());
        }
        Path json = scoresFile(preset);
        CommandRun result = CommandRun.of("evaluate", "--model", exported.toString(), "--dataset", "synthetic",
                "--set", "data.synthetic_val_size=8", "--set", "run.seed=5", "--json", json.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("PCKh@0.5 Mean"), result.out());
        Map<?, ?> scores = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertEquals(expected, ((Number) scores.get("PCKh@0.5 Mean")).doubleValue(), 1e-9);
        return exported;
    }

    @Test
    void cocoNeedsOnlyTheValidationSplitAndKeysTheModelFixesAreNamed() throws Exception {
        Path model = cocoModel(dir.resolve("coco-model"));
        Path root = dir.resolve("coco");
        DataFolders.image(root.resolve("images/val2017/1.jpg"), 640, 480);
        double[] keypoints = new double[51];
        for (int k = 0; k < 17; k++) {
            keypoints[3 * k] = 210 + 5 * k;
            keypoints[3 * k + 1] = 110 + 11 * k;
            keypoints[3 * k + 2] = 2;
        }
        DataFolders.cocoFile(root.resolve("annotations/person_keypoints_val2017.json"),
                List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480)),
                List.of(DataFolders.cocoPerson(10, 1, new double[] {200, 100, 100, 200}, 20000, keypoints, false)));

        CommandRun scored = CommandRun.of("evaluate", "--model", model.toString(), "--dataset", "coco",
                "--data-root", root.toString());
        assertEquals(0, scored.exitCode(), scored.err());
        assertTrue(scored.out().contains("AP"), scored.out());

        CommandRun resized = CommandRun.of("evaluate", "--model", model.toString(), "--dataset", "coco",
                "--data-root", root.toString(), "--set", "data.input_size=128x128");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, resized.exitCode());
        assertTrue(resized.err().contains("--set data.input_size=128x128: evaluate takes data.input_size from the model")
                && !resized.err().contains("heatmap_size"), resized.err());

        CommandRun mpiiModel = CommandRun.of("evaluate", "--model", TinyModels.exported(dir.resolve("mpii-model")).toString(),
                "--dataset", "coco", "--data-root", root.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, mpiiModel.exitCode());
        assertTrue(mpiiModel.err().contains("predicts 16 joints (mpii) but --dataset coco has 17"), mpiiModel.err());
    }

    /** A tiny 17-joint model, exported as training exports it. */
    private static Path cocoModel(Path folder) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(17).sharedStacks(1).branches(1, 1)
                    .hourglassDepth(3).build();
            net.initialize(manager, DataType.FLOAT32, TinyModels.INPUT);
            PoseCodec codec = new PoseCodec(JointSet.COCO,
                    HeatmapCodec.standard(ImageSize.square(64), ImageSize.square(16)), Normalization.imagenet());
            return BestBranchExporter.export(net, 0, new ExportInfo(codec, Map.of(), 1), folder);
        }
    }

    @Test
    void aModelWithoutADatasetIsOneClearError() {
        CommandRun result = CommandRun.of("evaluate", "--model", dir.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, result.exitCode());
        assertTrue(result.err().contains("--dataset"), result.err());
    }
}
