package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoReadersTest {

    private static final String CATEGORY = "{\"id\": 1, \"name\": \"person\", \"keypoints\": "
            + IntStream.range(0, 17).mapToObj(k -> "\"k" + k + "\"").collect(Collectors.joining(",", "[", "]")) + "}";

    @TempDir
    Path dir;

    @Test
    void readsImagesPeopleAndCategoriesWhateverTheKeyOrder() throws IOException {
        Path json = write("{\"annotations\": [" + person(7, 5, "[10, 20, 30, 40]", keypoints(17, 2), 17, 0) + ","
                + person(8, 5, "[0, 0, 100, 100]", keypoints(17, 0), 0, 1) + "], \"info\": {\"year\": 2017},"
                + "\"images\": [{\"id\": 5, \"file_name\": \"5.jpg\", \"width\": 640, \"height\": 480}],"
                + "\"categories\": [" + CATEGORY + "]}");
        CocoAnnotations coco = CocoAnnotationsReader.read(json);
        assertEquals(List.of(new CocoImage(5, "5.jpg", 640, 480)), coco.images());
        assertEquals(17, coco.categories().get(0).keypoints().size());
        CocoAnnotation first = coco.annotations().get(0);
        assertEquals(7, first.id());
        assertArrayEquals(new double[] {10, 20, 30, 40}, first.bbox());
        assertEquals(17, first.numKeypoints());
        assertEquals(1200, first.area());
        assertTrue(coco.annotations().get(1).crowd());
    }

    @Test
    void namesFileRecordAndProblem() throws IOException {
        String image = "\"images\": [{\"id\": 5, \"file_name\": \"5.jpg\", \"width\": 640, \"height\": 480}]";
        String categories = "\"categories\": [" + CATEGORY + "]";
        assertFails("{" + image + "," + categories + ", \"annotations\": ["
                + person(7, 6, "[1, 2, 3, 4]", keypoints(17, 2), 17, 0) + "]}",
                "annotations[0] (id 7): image_id 6 is not in 'images'");
        assertFails("{" + image + "," + categories + ", \"annotations\": ["
                + person(7, 5, "[1, 2, 3, 4]", keypoints(16, 2), 16, 0) + "]}",
                "annotations[0] (id 7): 16 keypoints instead of the 17 of category 1");
        assertFails("{" + image + ", \"annotations\": [" + person(7, 5, "[1, 2, 3, 4]", keypoints(17, 3), 17, 0) + "]}",
                "annotations[0] (id 7): keypoint 0 has visibility 3.0, not 0, 1 or 2");
        assertFails("{" + image + ", \"annotations\": [" + person(7, 5, "[1, 2, -3, 4]", keypoints(17, 2), 17, 0) + "]}",
                "annotations[0] (id 7): bbox size -3.0 x 4.0 is negative");
        assertFails("{" + image + ", \"annotations\": [" + person(7, 5, "[1, 2, 3, 4]", keypoints(17, 2), 17, 0) + ","
                + person(7, 5, "[1, 2, 3, 4]", keypoints(17, 2), 17, 0) + "]}", "annotations[1]: duplicate id 7");
        assertFails("{\"images\": [{\"id\": 5, \"file_name\": \"5.jpg\", \"height\": 480}]}",
                "images[0] (id 5): missing field 'width'");
        assertFails("{\"images\": [{\"id\": \"5\"}]}", "images[0]: field 'id' is the string \"5\", not an integer");
        assertFails("{\"annotations\": []}", "has no 'images' array");
    }

    @Test
    void keypointResultAreasFollowLoadRes() throws IOException {
        Path results = write("[{\"image_id\": 5, \"category_id\": 1, \"score\": 0.5, \"keypoints\": "
                + "[10, 20, 0.9, 40, 25, 0.8, 30, 60, 0.7]}]");
        CocoKeypointResult result = CocoResultsReader.readKeypointResults(results).get(0);
        assertEquals((40 - 10) * (60 - 20), result.area(), 1e-12, "area of the keypoints' bounding box");

        Path withBoxes = write("[{\"image_id\": 5, \"category_id\": 1, \"score\": 0.5, \"bbox\": [0, 0, 7, 3], "
                + "\"keypoints\": [10, 20, 0.9, 40, 25, 0.8, 30, 60, 0.7]}]");
        assertEquals(21, CocoResultsReader.readKeypointResults(withBoxes).get(0).area(), 1e-12,
                "loadRes takes the box branch when results carry boxes");

        Path noScore = write("[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [1, 2, 3]}]");
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> CocoResultsReader.readKeypointResults(noScore));
        assertEquals(noScore + ": result[0] (image_id 5): missing field 'score'", e.getMessage());
    }

    @Test
    void readsTheSharedFixtures() throws IOException {
        Path coco = Path.of(System.getProperty("okdhp.shared", "../shared"), "fixtures", "coco");
        Assumptions.assumeTrue(Files.isDirectory(coco), coco + " absent, skipping");
        CocoAnnotations truth = CocoAnnotationsReader.read(coco.resolve("test_coco.json"));
        assertEquals(4, truth.images().size());
        assertEquals(14, truth.annotations().size());
        List<CocoDetection> detections = CocoResultsReader.readDetections(coco.resolve("test_coco_det_AP_H_56.json"));
        assertEquals(118, detections.size());
        assertEquals(785, detections.get(0).imageId());

        List<PoseInstance> people = CocoPoseInstances.groundTruth(truth, coco, 192.0 / 256);
        assertEquals(12, people.size(), "the 2 people without keypoints are dropped");
        ImageFiles.requireAll(coco.resolve("test_coco.json"), people);
        List<PoseInstance> detected = CocoPoseInstances.detections(detections, truth, coco, 192.0 / 256, 0.0);
        assertEquals(118, detected.size());
        assertEquals(detections.get(0).score(), detected.get(0).score());
    }

    private void assertFails(String content, String problem) throws IOException {
        Path json = write(content);
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> CocoAnnotationsReader.read(json));
        assertEquals(json + ": " + problem, e.getMessage());
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "coco", ".json"), content);
    }

    private static String person(long id, long imageId, String bbox, String keypoints, int count, int crowd) {
        return "{\"id\": " + id + ", \"image_id\": " + imageId + ", \"category_id\": 1, \"bbox\": " + bbox
                + ", \"keypoints\": " + keypoints + ", \"num_keypoints\": " + count + ", \"iscrowd\": " + crowd
                + ", \"area\": 1200, \"segmentation\": [[1, 2, 3, 4]]}";
    }

    private static String keypoints(int count, int visibility) {
        return IntStream.range(0, count).mapToObj(k -> (10 + k) + ", " + (20 + k) + ", " + visibility)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
