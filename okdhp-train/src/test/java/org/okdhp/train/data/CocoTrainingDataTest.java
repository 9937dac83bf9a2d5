package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.DataConfig;

/**
 * COCO in HRNet's layout, made here: image 1 holds a large person P (area 20000, all 17
 * keypoints) and a crowd region; image 2 a medium person Q (area 3000, nose unlabelled) and a
 * person without keypoints. The same people form the training and the validation file.
 */
class CocoTrainingDataTest {

    @TempDir
    Path root;

    @BeforeEach
    void layOutHrnetFolders() throws IOException {
        for (String split : List.of("train2017", "val2017")) {
            DataFolders.image(root.resolve("images").resolve(split).resolve("1.jpg"), 640, 480);
            DataFolders.image(root.resolve("images").resolve(split).resolve("2.jpg"), 640, 480);
            DataFolders.cocoFile(root.resolve("annotations/person_keypoints_" + split + ".json"),
                    List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480), DataFolders.cocoImage(2, "2.jpg", 640, 480)),
                    CocoPeople.twoPeopleACrowdAndAnUnlabelledOne());
        }
        DataFolders.json(root.resolve("person_detection_results/dets.json"), List.of(
                detection(1, 1, 0.9), detection(1, 1, 0.05), detection(2, 1, 0.6), detection(2, 2, 0.99)));
    }

    @Test
    void trainsAndValidatesOnLabelledGroundTruthPeople() throws IOException {
        TrainingData data = TrainingDataFactory.open(config(), 0);

        assertEquals(List.of(root.resolve("images/train2017/1.jpg"), root.resolve("images/train2017/2.jpg")),
                data.train().instances().stream().map(PoseInstance::image).toList(), "no crowd, no unlabelled person");
        assertEquals(List.of(root.resolve("images/val2017/1.jpg"), root.resolve("images/val2017/2.jpg")),
                data.validation().instances().stream().map(PoseInstance::image).toList());
        assertEquals(JointSet.COCO, data.train().jointSet());
        PoseInstance p = data.validation().instances().get(0);
        // HRNet's box: x2 = x1 + w - 1, so a 100 x 200 box is 99 x 199 px around (249.5, 199.5); at
        // 192 / 256 the height decides: width 199 x 0.75, padded by 1.25.
        assertEquals(249.5, p.centerX(), 1e-9);
        assertEquals(199.5, p.centerY(), 1e-9);
        assertEquals(199 * 0.75 * 1.25 / 200, p.scale(), 1e-9);
        assertInstanceOf(CocoProtocol.class, data.protocol());
        assertEquals("AP", data.protocol().metricName());
    }

    @Test
    void perfectPredictionsScoreOneEverywhere() throws IOException {
        TrainingData data = TrainingDataFactory.open(config(), 0);
        Map<String, Double> stats = data.protocol().evaluate(groundTruthPoses(data, 0, 1));
        assertEquals(List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"), List.copyOf(stats.keySet()));
        stats.forEach((name, value) -> assertEquals(1.0, value, 1e-12, name));
    }

    /**
     * P's keypoints 12 px off give OKS 0.712 (see {@link CocoPeople#oksOfShift}), above 5 of the
     * 10 thresholds 0.50:0.95. P scores 0.5 and Q 1, so Q ranks first: where P fails, precision is
     * 1 up to recall 0.5 and 0 beyond, i.e. 51 of the 101 recall points.
     */
    @Test
    void aShiftedPersonCostsTheThresholdsItsSimilarityMisses() throws IOException {
        TrainingData data = TrainingDataFactory.open(config(), 0);
        double oks = CocoPeople.oksOfShift(12, CocoPeople.P_AREA);
        long passed = Arrays.stream(CocoPeople.OKS_THRESHOLDS).filter(t -> oks >= t).count();
        assertEquals(5, passed, "the shift is meant to sit between thresholds 0.70 and 0.75");

        List<DecodedPose> poses = groundTruthPoses(data, 0, 1);
        poses.set(0, CocoPeople.shifted(poses.get(0), 12, 0.5f));
        Map<String, Double> stats = data.protocol().evaluate(poses);

        double halfCurve = 51.0 / 101;
        assertEquals((passed + (10 - passed) * halfCurve) / 10, stats.get("AP"), 1e-12);
        assertEquals(1.0, stats.get("AP50"), 1e-12);
        assertEquals(halfCurve, stats.get("AP75"), 1e-12);
        assertEquals(1.0, stats.get("APm"), 1e-12, "Q is the only medium person");
        assertEquals(passed / 10.0, stats.get("APl"), 1e-12, "P is the only large person");
        assertEquals((passed + (10 - passed) * 0.5) / 10, stats.get("AR"), 1e-12);
    }

    @Test
    void validatesOnDetectionsScoringAtLeastTheFloor() throws IOException {
        TrainingData data = TrainingDataFactory.open(config("data.detection_file=person_detection_results/dets.json",
                "data.detection_min_score=0.1"), 0);

        List<PoseInstance> boxes = data.validation().instances();
        assertEquals(List.of(0.9, 0.6), boxes.stream().map(PoseInstance::score).toList(), "not 0.05, not category 2");
        assertEquals(List.of(1L, 2L), boxes.stream().map(PoseInstance::imageId).toList());
        assertEquals(0, boxes.get(0).visibility()[0], "detections carry no labelled joints");
        assertEquals(2, data.train().instances().size(), "training keeps the ground-truth boxes");
    }

    @Test
    void validationOnDetectionsWithoutLabelledTruthIsRefusedUpFront() throws IOException {
        Path val = DataFolders.cocoFile(root.resolve("annotations/person_keypoints_val2017.json"),
                List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480), DataFolders.cocoImage(2, "2.jpg", 640, 480)),
                List.of(DataFolders.cocoPerson(21, 2, new double[] {300, 50, 30, 60}, 1500, new double[51], false)));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(
                config("data.detection_file=person_detection_results/dets.json"), 0));
        assertTrue(e.getMessage().startsWith(val + ": has no person of category \"person\" with a labelled keypoint"),
                e.getMessage());
    }

    @Test
    void missingFilesAndForeignDetectionsAreNamed() throws IOException {
        Files.delete(root.resolve("annotations/person_keypoints_train2017.json"));
        DataLayoutException noTrain = assertThrows(DataLayoutException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals("data root " + root + " has no annotations/person_keypoints_train2017.json; expected COCO's"
                + " person_keypoints_train2017.json (annotations_trainval2017.zip) there, or set data.train_annotations",
                noTrain.getMessage());

        DataLayoutException noDetections = assertThrows(DataLayoutException.class,
                () -> TrainingDataFactory.open(config("data.train_annotations=annotations/person_keypoints_val2017.json",
                        "data.detection_file=dets.json"), 0));
        assertTrue(noDetections.getMessage().startsWith("data root " + root + " has no dets.json; expected person detections"),
                noDetections.getMessage());
        assertTrue(noDetections.getMessage().endsWith(", or set data.detection_file"), noDetections.getMessage());

        Path foreign = DataFolders.json(root.resolve("foreign.json"), List.of(detection(7, 1, 0.9)));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(
                config("data.train_annotations=annotations/person_keypoints_val2017.json", "data.detection_file=foreign.json"), 0));
        assertEquals(foreign + ": detection 0: image_id 7 is not among the images of data.val_annotations", e.getMessage());
    }

    /**
     * HRNet drops people of area 0; a box that clips to a point (here 1 x 1 px) cannot be cropped
     * either, nor can a detection of zero area. A file left without anyone is named.
     */
    @Test
    void zeroAreaBoxesAreSkippedAndAFileLeftWithoutPeopleIsRefused() throws IOException {
        Path train = root.resolve("annotations/person_keypoints_train2017.json");
        List<Map<String, Object>> images = List.of(DataFolders.cocoImage(1, "1.jpg", 640, 480));
        Map<String, Object> zeroArea = DataFolders.cocoPerson(30, 1, CocoPeople.P_BOX, 0, CocoPeople.pKeypoints(), false);
        Map<String, Object> point = DataFolders.cocoPerson(31, 1, new double[] {300, 300, 1, 1}, 1, CocoPeople.pKeypoints(), false);
        Map<String, Object> line = DataFolders.cocoPerson(32, 1, new double[] {300, 100, 1, 200}, 200, CocoPeople.pKeypoints(), false);
        DataFolders.cocoFile(train, images, List.of(zeroArea, point, line));
        DataFolders.json(root.resolve("dets.json"), List.of(detection(1, 1, 0.9),
                Map.of("image_id", 1, "category_id", 1, "bbox", new double[] {190, 90, 0, 0}, "score", 0.95),
                Map.of("image_id", 1, "category_id", 1, "bbox", new double[] {190, 90, 120, 0}, "score", 0.95)));

        TrainingData data = TrainingDataFactory.open(config("data.detection_file=dets.json"), 0);
        assertEquals(List.of(300.0), data.train().instances().stream().map(PoseInstance::centerX).toList(),
                "only the 1 px wide box, which its height still gives a crop");
        assertEquals(List.of(0.9), data.validation().instances().stream().map(PoseInstance::score).toList());

        DataFolders.cocoFile(train, images, List.of(zeroArea, point));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals(train + ": holds no person of category \"person\" with a labelled keypoint and a box larger than a point;"
                + " data.train_annotations must name a file with at least one", e.getMessage());
    }

    private DataConfig config(String... overrides) {
        List<String> settings = new ArrayList<>(List.of("data.data_root=" + root));
        settings.addAll(Arrays.asList(overrides));
        return ConfigLoader.load("coco-hg4", settings).data();
    }

    /** The own keypoints of the given validation people, every joint scoring 1. */
    private static List<DecodedPose> groundTruthPoses(TrainingData data, int... people) {
        List<DecodedPose> poses = new ArrayList<>();
        for (int n : people) {
            float[] scores = new float[17];
            Arrays.fill(scores, 1);
            poses.add(new DecodedPose(data.validation().instances().get(n).joints(), scores));
        }
        return poses;
    }

    private static Map<String, Object> detection(long imageId, long category, double score) {
        return Map.of("image_id", imageId, "category_id", category, "bbox", new double[] {190, 90, 120, 220}, "score", score);
    }
}
