package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * The case: another category id (5), 9 keypoints and their own flip pairs, described by a
     * keypoint-set file the user writes; train, validate, export and predict by those names.
     */
    @Test
    void aNineKeypointSetOfAnotherCategoryTrainsExportsAndPredicts() throws Exception {
        Path data = dir.resolve("critters");
        assertEquals(0, CommandRun.of("synthetic", "--keypoints", "quadruped", "--out", data.toString(), "--images",
                "10", "--seed", "5", "--image-size", "96x96").exitCode());
        List<String> all = QuadrupedFigure.KEYPOINTS.jointNames();
        List<String> kept = List.of("nose", "front_left_knee", "front_left_paw", "front_right_knee", "front_right_paw",
                "back_left_knee", "back_left_paw", "back_right_knee", "back_right_paw");
        for (String split : List.of(QuadrupedDataset.TRAIN_ANNOTATIONS, QuadrupedDataset.VAL_ANNOTATIONS)) {
            keepKeypoints(data.resolve(split), all, kept);
        }
        Files.writeString(data.resolve("critter.yaml"), """
                name: critter
                keypoints: [nose, front_left_knee, front_left_paw, front_right_knee, front_right_paw,
                            back_left_knee, back_left_paw, back_right_knee, back_right_paw]
                flip_pairs: [[front_left_knee, front_right_knee], [front_left_paw, front_right_paw],
                             [back_left_knee, back_right_knee], [back_left_paw, back_right_paw]]
                skeleton: [[nose, front_left_knee], [front_left_knee, front_left_paw]]
                sigmas: [0.026, 0.072, 0.062, 0.072, 0.062, 0.072, 0.062, 0.072, 0.062]
                weights: [2, 1, 1, 1, 1, 1, 1, 1, 1]
                """);

        Path run = dir.resolve("critter-run");
        CommandRun train = CommandRun.of("train", "--config", "coco-custom", "--output", run.toString(),
                "--set", "data.data_root=" + data, "--set", "data.keypoints=critter.yaml", "--set",
                "data.category_id=5", "--set", "model.features=8", "--set", "data.input_size=64x64", "--set",
                "data.heatmap_size=16x16", "--set", "data.workers=1", "--set", "optim.epochs=1", "--set",
                "optim.batch_size=4");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        List<String> epochs = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(epochs.size() == 2 && epochs.get(0).contains("metric_branch_0")
                && !epochs.get(1).endsWith(","), "one validated epoch: " + epochs);
        Path model = run.resolve("best-branch");
        JsonNode set = JSON.readTree(model.resolve("metadata.json").toFile()).get("joint_set");
        assertEquals(kept, texts(set.get("joint_names")));
        assertEquals(4, set.get("flip_pairs").size());
        assertEquals(9, JSON.readTree(model.resolve("metadata.json").toFile()).get("network").get("joints").asInt());

        Path prediction = dir.resolve("critter.json");
        CommandRun predict = CommandRun.of("predict", "--model", model.toString(), "--image",
                data.resolve(QuadrupedDataset.VAL_IMAGES).resolve("000008.png").toString(), "--output",
                prediction.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        List<String> names = new ArrayList<>();
        JSON.readTree(prediction.toFile()).get("joints").forEach(joint -> names.add(joint.get("name").asText()));
        assertEquals(kept, names);
    }

    /** Rewrites a COCO file to category 5 with only the {@code kept} keypoints (triples and names). */
    private static void keepKeypoints(Path file, List<String> all, List<String> kept) throws Exception {
        ObjectNode coco = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode category = (ObjectNode) coco.get("categories").get(0);
        category.put("id", 5).put("name", "critter").remove("skeleton");
        ArrayNode names = category.putArray("keypoints");
        kept.forEach(names::add);
        for (JsonNode annotation : coco.get("annotations")) {
            JsonNode triples = annotation.get("keypoints");
            ArrayNode subset = JSON.createArrayNode();
            int labelled = 0;
            for (String name : kept) {
                int j = all.indexOf(name);
                for (int k = 0; k < 3; k++) {
                    subset.add(triples.get(3 * j + k));
                }
                labelled += triples.get(3 * j + 2).asInt() > 0 ? 1 : 0;
            }
            ((ObjectNode) annotation).put("category_id", 5).put("num_keypoints", labelled).set("keypoints", subset);
        }
        JSON.writeValue(file.toFile(), coco);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
