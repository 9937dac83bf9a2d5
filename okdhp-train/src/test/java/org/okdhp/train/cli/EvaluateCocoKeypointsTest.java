package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code okdhp evaluate coco --keypoints} on a 9-keypoint animal of category id 3, from files as a
 * user writes them. The detection is displaced so that every keypoint's OKS term, with the file's
 * sigmas, is exactly 0.775: by hand, AP = AR = 0.6 (thresholds 0.50 to 0.75 of 10), AP50 = AP75 = 1,
 * the person is medium-sized, so APl = ARl = -1.
 */
class EvaluateCocoKeypointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("nose", "left_ear", "right_ear", "left_front_paw",
            "right_front_paw", "left_hind_paw", "right_hind_paw", "tail_base", "tail_tip");
    private static final double[] SIGMAS = {.02, .03, .05, .05, .07, .07, .09, .09, .11};
    private static final double AREA = 4_000;
    private static final double OKS = 0.775;

    @TempDir
    Path dir;

    @Test
    void anyKeypointSetAndCategoryIdScoresAsByHand() throws IOException {
        Path truth = truthFile();
        Path results = resultsFile();
        Path set = Files.writeString(dir.resolve("quadruped.yaml"), "name: quadruped9\nkeypoints: " + NAMES
                + "\nflip_pairs: [[left_ear, right_ear]]\nsigmas: " + java.util.Arrays.toString(SIGMAS) + "\n");
        Path out = dir.resolve("ap.json");
        CommandRun run = CommandRun.of("evaluate", "coco", "--annotations", truth.toString(), "--results",
                results.toString(), "--keypoints", set.toString(), "--json", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode ap = JSON.readTree(out.toFile());
        double[] expected = {0.6, 1, 1, 0.6, -1, 0.6, 1, 1, 0.6, -1};
        String[] keys = {"AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"};
        for (int i = 0; i < keys.length; i++) {
            assertEquals(expected[i], ap.get(keys[i]).asDouble(), 1e-9, keys[i] + " in " + ap);
        }
    }

    @Test
    void withoutAKeypointSetAnotherSetIsOneErrorSayingWhatToAdd() throws IOException {
        Path truth = truthFile();
        CommandRun run = CommandRun.of("evaluate", "coco", "--annotations", truth.toString(), "--results",
                resultsFile().toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, run.exitCode());
        assertTrue(run.err().contains(truth + ": category 'quadruped' (id 3) has 9 keypoints"), run.err());
        assertTrue(run.err().contains("pass --keypoints FILE"), run.err());
        Path noSigmas = Files.writeString(dir.resolve("nosigmas.yaml"), "keypoints: " + NAMES + "\n");
        CommandRun without = CommandRun.of("evaluate", "coco", "--annotations", truth.toString(), "--results",
                resultsFile().toString(), "--keypoints", noSigmas.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, without.exitCode());
        assertTrue(without.err().contains(noSigmas + ": keypoint set 'nosigmas' has no OKS sigmas"), without.err());
    }

    private Path truthFile() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("images").addObject().put("id", 1).put("file_name", "1.jpg").put("width", 640).put("height", 480);
        ObjectNode person = root.putArray("annotations").addObject().put("id", 1).put("image_id", 1)
                .put("category_id", 3).put("iscrowd", 0).put("area", AREA).put("num_keypoints", NAMES.size());
        person.putArray("bbox").add(90).add(190).add(200).add(20);
        fill(person.putArray("keypoints"), new double[NAMES.size()], 2);
        ObjectNode category = root.putArray("categories").addObject().put("id", 3).put("name", "quadruped");
        NAMES.forEach(category.putArray("keypoints")::add);
        category.putArray("skeleton").addArray().add(1).add(2);
        return Files.writeString(dir.resolve("truth.json"), JSON.writeValueAsString(root));
    }

    private Path resultsFile() throws IOException {
        double[] dx = new double[NAMES.size()];
        for (int k = 0; k < dx.length; k++) {
            dx[k] = Math.sqrt(-Math.log(OKS) * 2 * AREA * (2 * SIGMAS[k]) * (2 * SIGMAS[k]));
        }
        ArrayNode results = JSON.createArrayNode();
        ObjectNode result = results.addObject().put("image_id", 1).put("category_id", 3).put("score", 0.9);
        fill(result.putArray("keypoints"), dx, 1);
        return Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(results));
    }

    /** Keypoint k at (100 + 20 k + dx[k], 200 + 5 k) with visibility or score {@code v}. */
    private static void fill(ArrayNode keypoints, double[] dx, double v) {
        for (int k = 0; k < dx.length; k++) {
            keypoints.add(100 + 20 * k + dx[k]).add(200 + 5 * k).add(v);
        }
    }
}
