package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.train.config.ConfigLoader;

/** The factory on the shared real fixtures, laid out in HRNet's folders (skipped when the fixtures are absent). */
class FixtureTrainingDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** Head boxes 60 x 80 px (1-based (1, 1)-(61, 81)): head size 0.6 x 100 = 60 px, PCKh@0.5 allows 30 px. */
    @Test
    void mpiiFixtureScoresPerfectAndShiftedPredictions() throws IOException {
        Path mpii = fixture("mpii");
        Path json = mpii.resolve("test_mpii.json");
        Files.createDirectories(root.resolve("annot"));
        Files.copy(json, root.resolve("annot/train.json"));
        Files.copy(json, root.resolve("annot/valid.json"));
        copyImages(mpii, root.resolve("images"));
        int people = JSON.readTree(json.toFile()).size();
        double[][] boxes = new double[people][];
        Arrays.fill(boxes, new double[] {1, 1, 61, 81});
        DataFolders.groundTruthMat(root.resolve("annot/gt_valid.mat"), boxes);

        TrainingData data = TrainingDataFactory.open(ConfigLoader.load("mpii-hg4", List.of("data.data_root=" + root)).data(), 0);

        assertEquals(5, data.train().instances().size());
        assertEquals(5, data.validation().instances().size());
        assertEquals(100, meanPckh(data, 0), 1e-9);
        assertEquals(100, meanPckh(data, 29), 1e-9);
        assertEquals(0, meanPckh(data, 31), 1e-9);
    }

    @Test
    void cocoFixtureScoresOneForItsOwnKeypointsOnGroundTruthBoxes() throws IOException {
        layOutCoco();
        TrainingData data = TrainingDataFactory.open(ConfigLoader.load("coco-hg4", List.of("data.data_root=" + root)).data(), 0);

        assertEquals(12, data.train().instances().size(), "14 people, 2 without keypoints");
        List<DecodedPose> own = data.validation().instances().stream().map(p -> pose(p.joints())).toList();
        data.protocol().evaluate(own).forEach((name, value) -> assertEquals(1.0, value, 1e-12, name));
    }

    /**
     * On the AP-56 detections each box predicts the keypoints of the labelled person whose box
     * center is nearest. Copies of one person are suppressed by OKS-NMS, the best-scoring copy
     * stays, so every person the detector found is predicted exactly once: AP 1.0 (0.976 without
     * the suppression).
     */
    @Test
    void cocoFixtureDetectionsAreRescoredAndSuppressedToOnePersonEach() throws IOException {
        layOutCoco();
        TrainingData data = TrainingDataFactory.open(ConfigLoader.load("coco-hg4", List.of("data.data_root=" + root,
                "data.detection_file=person_detection_results/COCO_val2017_detections_AP_H_56_person.json")).data(), 0);
        List<PoseInstance> labelled = TrainingDataFactory.open(
                ConfigLoader.load("coco-hg4", List.of("data.data_root=" + root)).data(), 0).validation().instances();

        JsonNode detections = JSON.readTree(fixture("coco").resolve("test_coco_det_AP_H_56.json").toFile());
        long people = Stream.iterate(0, i -> i + 1).limit(detections.size())
                .filter(i -> detections.get(i).get("category_id").asLong() == 1).count();
        List<PoseInstance> boxes = data.validation().instances();
        assertEquals(people, boxes.size(), "every person detection: HRNet's image_thre is 0");

        List<DecodedPose> predictions = new ArrayList<>();
        Set<PoseInstance> found = new HashSet<>();
        for (PoseInstance box : boxes) {
            PoseInstance nearest = labelled.stream().filter(p -> p.imageId() == box.imageId())
                    .min((a, b) -> Double.compare(distance(a, box), distance(b, box))).orElseThrow();
            found.add(nearest);
            predictions.add(pose(nearest.joints()));
        }
        assertEquals(labelled.size(), found.size(), "the detector finds every labelled person of the fixture");
        Map<String, Double> stats = data.protocol().evaluate(predictions);
        assertEquals(1.0, stats.get("AP"), 1e-12);
        assertEquals(1.0, stats.get("AR"), 1e-12);
    }

    private void layOutCoco() throws IOException {
        Path coco = fixture("coco");
        Files.createDirectories(root.resolve("annotations"));
        Files.createDirectories(root.resolve("person_detection_results"));
        Files.copy(coco.resolve("test_coco.json"), root.resolve("annotations/person_keypoints_train2017.json"));
        Files.copy(coco.resolve("test_coco.json"), root.resolve("annotations/person_keypoints_val2017.json"));
        Files.copy(coco.resolve("test_coco_det_AP_H_56.json"),
                root.resolve("person_detection_results/COCO_val2017_detections_AP_H_56_person.json"));
        copyImages(coco, root.resolve("images/train2017"));
        copyImages(coco, root.resolve("images/val2017"));
    }

    private static double meanPckh(TrainingData data, float shift) {
        List<DecodedPose> poses = data.validation().instances().stream().map(p -> {
            float[][] joints = p.joints();
            Arrays.stream(joints).forEach(joint -> joint[0] += shift);
            return new DecodedPose(joints, new float[joints.length]);
        }).toList();
        return data.protocol().evaluate(poses).get("PCKh@0.5 Mean");
    }

    /** Every joint scoring 1. */
    private static DecodedPose pose(float[][] joints) {
        float[] scores = new float[joints.length];
        Arrays.fill(scores, 1);
        return new DecodedPose(joints, scores);
    }

    private static double distance(PoseInstance a, PoseInstance b) {
        return Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY());
    }

    private static void copyImages(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path image : files.filter(f -> f.toString().endsWith(".jpg")).toList()) {
                Files.copy(image, to.resolve(image.getFileName()));
            }
        }
    }

    private static Path fixture(String name) {
        String shared = System.getProperty("okdhp.shared");
        Path path = shared == null ? null : Path.of(shared, "fixtures", name);
        Assumptions.assumeTrue(path != null && Files.isDirectory(path), "shared fixtures absent, skipping");
        return path;
    }
}
