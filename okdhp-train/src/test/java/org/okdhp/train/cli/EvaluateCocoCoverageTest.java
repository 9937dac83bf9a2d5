package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.data.DataFolders;

/**
 * {@code okdhp evaluate coco} says when the numbers would mean nothing (no results, results of
 * another category, no labelled ground truth) or leave results out, with counts.
 */
class EvaluateCocoCoverageTest {

    @TempDir
    Path dir;

    @Test
    void emptyOrForeignResultsAndUnlabelledTruthAreErrorsWithCounts() throws IOException {
        Path truth = truth("gt.json", keypoints(2));
        CommandRun none = evaluate(truth, results("none.json", List.of()));
        none.assertOneLineError("none.json: holds no results");

        CommandRun foreign = evaluate(truth, results("dogs.json", List.of(result(18), result(18))));
        foreign.assertOneLineError("dogs.json: all 2 results have category_id [18] but the ground truth's categories are [1]");

        CommandRun unlabelled = evaluate(truth("unlabelled.json", keypoints(0)), results("one.json", List.of(result(1))));
        unlabelled.assertOneLineError("unlabelled.json: the ground truth has no person with a labelled keypoint (1 annotations");
    }

    @Test
    void resultsLeftOutAreCountedInAWarning() throws IOException {
        CommandRun mixed = evaluate(truth("gt.json", keypoints(2)),
                results("mixed.json", List.of(result(1), result(18), result(1))));
        assertEquals(0, mixed.exitCode(), mixed.err());
        assertTrue(mixed.err().contains("warning: " + dir.resolve("mixed.json")
                + ": 1 of 3 results have a category_id [18] the ground truth does not have ([1]) and are not evaluated"),
                mixed.err());
        assertTrue(mixed.out().contains("Average Precision"), mixed.out());
    }

    private CommandRun evaluate(Path truth, Path results) {
        return CommandRun.of("evaluate", "coco", "--annotations", truth.toString(), "--results", results.toString());
    }

    private Path truth(String name, double[] keypoints) throws IOException {
        return DataFolders.cocoFile(dir.resolve(name), List.of(DataFolders.cocoImage(1, "a.jpg", 640, 480)),
                List.of(DataFolders.cocoPerson(10, 1, new double[] {200, 100, 100, 200}, 20000, keypoints, false)));
    }

    private Path results(String name, List<Map<String, Object>> results) throws IOException {
        return DataFolders.json(dir.resolve(name), results);
    }

    private static Map<String, Object> result(long category) {
        List<Double> keypoints = new ArrayList<>();
        for (double value : keypoints(2)) {
            keypoints.add(value == 2 ? 0.9 : value);
        }
        return Map.of("image_id", 1, "category_id", category, "keypoints", keypoints, "score", 0.9);
    }

    /** 17 keypoints inside the box, each with visibility {@code visibility} (0: unlabelled). */
    private static double[] keypoints(int visibility) {
        double[] keypoints = new double[51];
        for (int k = 0; k < 17; k++) {
            keypoints[3 * k] = visibility == 0 ? 0 : 210 + 5 * k;
            keypoints[3 * k + 1] = visibility == 0 ? 0 : 110 + 11 * k;
            keypoints[3 * k + 2] = visibility;
        }
        return keypoints;
    }

}
