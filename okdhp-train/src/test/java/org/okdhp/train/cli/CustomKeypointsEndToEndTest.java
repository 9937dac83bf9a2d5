package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.synthetic.QuadrupedDataset;
import org.okdhp.data.synthetic.QuadrupedFigure;
import org.okdhp.train.checkpoint.CheckpointFile;
import org.okdhp.train.data.CocoProtocol;

/**
 * The README's path for your own keypoints, on a tiny synthetic quadruped set (category 2, 12
 * keypoints, left/right legs): synthetic -> show-samples -> train -> evaluate -> predict, every step by the
 * keypoint set's names.
 */
class CustomKeypointsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aQuadrupedSetTrainsValidatesExportsAndPredictsByItsNames() throws Exception {
        Path data = dir.resolve("quadruped");
        CommandRun synthetic = CommandRun.of("synthetic", "--keypoints", "quadruped", "--out", data.toString(),
                "--images", "10", "--seed", "3", "--image-size", "96x96");
        assertEquals(0, synthetic.exitCode(), synthetic.err());
        assertTrue(Files.isRegularFile(data.resolve(QuadrupedDataset.KEYPOINT_FILE)), synthetic.out());

        Path samples = dir.resolve("samples.png");
        CommandRun show = CommandRun.of("show-samples", "--dataset", "coco", "--annotations",
                data.resolve(QuadrupedDataset.TRAIN_ANNOTATIONS).toString(), "--images",
                data.resolve(QuadrupedDataset.TRAIN_IMAGES).toString(), "--keypoints",
                data.resolve(QuadrupedDataset.KEYPOINT_FILE).toString(), "--count", "2", "--input-size", "64x64",
                "-o", samples.toString());
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(Files.size(samples) > 0);

        Path run = dir.resolve("run");
        CommandRun train = CommandRun.of("train", "--config", "coco-custom", "--output", run.toString(),
                "--set", "data.data_root=" + data, "--set", "data.keypoints=" + QuadrupedDataset.KEYPOINT_FILE,
                "--set", "model.features=8", "--set", "data.input_size=64x64", "--set", "data.heatmap_size=16x16",
                "--set", "data.workers=1", "--set", "optim.epochs=1", "--set", "optim.batch_size=4");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        Path model = run.resolve("best-branch");
        JsonNode set = JSON.readTree(model.resolve("metadata.json").toFile()).get("joint_set");
        assertEquals("quadruped", set.get("name").asText());
        assertEquals(QuadrupedFigure.KEYPOINTS.jointNames(), texts(set.get("joint_names")));
        assertEquals(4, set.get("flip_pairs").size());
        assertEquals(QuadrupedFigure.KEYPOINTS.sigmas().size(), set.get("sigmas").size());
        assertEquals(12, set.get("weights").size());
        assertEquals("quadruped", CheckpointFile.read(run.resolve("checkpoints/last.ckpt")).keypointSet()
                .orElseThrow().name());

        CommandRun evaluate = CommandRun.of("evaluate", "--model", model.toString(), "--dataset", "coco",
                "--set", "data.data_root=" + data, "--set", "data.keypoints=" + QuadrupedDataset.KEYPOINT_FILE);
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains(CocoProtocol.METRIC) && evaluate.out().contains("flip test on"), evaluate.out());

        Path prediction = dir.resolve("prediction.json");
        CommandRun predict = CommandRun.of("predict", "--model", model.toString(), "--image",
                data.resolve(QuadrupedDataset.VAL_IMAGES).resolve("000008.png").toString(), "--output",
                prediction.toString(), "--overlay", dir.resolve("overlay.png").toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> names = new ArrayList<>();
        JSON.readTree(prediction.toFile()).get("joints").forEach(joint -> names.add(joint.get("name").asText()));
        assertEquals(QuadrupedFigure.KEYPOINTS.jointNames(), names);
        assertTrue(Files.size(dir.resolve("overlay.png")) > 0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
